import Foundation
import HTTPTypes
import HckCore
import Logging
public import Manifest
public import Store
import Wire

extension TriggerDispatcher {
    /// Fires a group's triggers once all its jobs ended; the group succeeded only if every job did.
    /// - Parameter groupID: the group.
    public func fire(groupID: Int64) async throws {
        guard let group = try await jobs.store.group(id: groupID) else { return }
        var members: [Job] = []
        for id in group.jobIDs { if let job = try await jobs.store.job(id: id) { members.append(job) } }
        let status: JobStatus = members.allSatisfy { $0.status == .success } ? .success : .failed
        let view = JobGroupView(group: group, jobs: members.map { JobView($0, baseURL: jobs.baseURL) }, status: status)
        let body = (try? JSONEncoder.api.encode(view)) ?? Data()
        for trigger in group.triggers {
            guard let (condition, action) = try? trigger.resolved(), condition.matches(status) else { continue }
            let delivery = await deliver(action, json: body) {
                BuildEmail(group: group, jobs: members, status: status, email: $0, baseURL: jobs.baseURL)
            }
            try await record(delivery, on: group.jobIDs)
        }
        try await sendCommitStatuses(of: group)
        try await jobs.store.markTriggersFired(.group(group.id))
    }
}

extension GroupTrigger {
    /// The manifest library's form of this trigger, or an error saying what is wrong with it.
    func resolved() throws -> (Trigger.Condition, Trigger.Action) {
        guard let condition = Trigger.Condition(rawValue: self.condition) else {
            throw APIError(.badRequest, "trigger condition '\(self.condition)' must be always, success or failure")
        }
        switch action {
        case "email":
            guard let to, !to.isEmpty else { throw APIError(.badRequest, "an email trigger needs 'to'") }
            return (condition, .email(Trigger.Email(to: to, cc: cc, inReplyTo: inReplyTo)))
        case "webhook":
            guard let url, URL(string: url)?.scheme?.hasPrefix("http") == true else {
                throw APIError(.badRequest, "a webhook trigger needs an http(s) 'url'")
            }
            return (condition, .webhook(Trigger.Webhook(url: url)))
        case GroupTrigger.commitStatusAction:
            throw APIError(
                .badRequest,
                "commit-status triggers are set by forge webhooks' builds (`hck repo add`), not by submissions"
            )
        default:
            throw APIError(.badRequest, "trigger action '\(action)' must be email or webhook")
        }
    }
}

extension BuildEmail {
    /// Composes the email for an ended group: one line per job (✓ ✗ -) with its URL.
    /// - Parameters:
    ///   - group: the group.
    ///   - jobs: its jobs, ended.
    ///   - status: success when every job succeeded, else failed.
    ///   - email: the trigger's addresses.
    ///   - baseURL: the server's public URL.
    public init(group: JobGroup, jobs: [Job], status: JobStatus, email: Trigger.Email, baseURL: String) {
        let tags = jobs.first?.tags ?? []
        to = Self.addresses(email.to)
        cc = email.cc.map(Self.addresses) ?? []
        inReplyTo = email.inReplyTo
        subject = "[\(tags.isEmpty ? "hck" : tags.joined(separator: "/"))] build \(status.rawValue)"
        let links = JobLinks(baseURL: baseURL)
        var lines = ["Job group #\(group.id): \(status.rawValue) \(links.groupPage(group.id))", ""]
        if let note = group.note, !note.isEmpty { lines += [note, ""] }
        for job in jobs {
            lines.append(
                "\(Self.mark(job.status == .success ? .success : job.status == .failed ? .failed : .skipped)) job #\(job.id) \(job.status.rawValue) \(links.page(job.id))"
            )
        }
        body = lines.joined(separator: "\n") + "\n"
    }
}
