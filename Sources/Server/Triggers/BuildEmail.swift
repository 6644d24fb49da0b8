import Foundation
import HckCore
public import Manifest
public import Store
import Wire

/// The email a job's `email` trigger sends: subject `[tags or hck] build <status>`, and a body with the
/// job's id, status, duration, note and URL, then one line per task (✓ success, ✗ failed, - otherwise).
public struct BuildEmail: Sendable, Hashable {
    /// Recipients (`To`).
    public var to: [String]
    /// Carbon-copy recipients.
    public var cc: [String]
    /// The Message-Id this replies to.
    public var inReplyTo: String?
    /// The subject line.
    public var subject: String
    /// The plain-text body.
    public var body: String

    /// Creates an email from its parts.
    /// - Parameters:
    ///   - to: recipients.
    ///   - cc: carbon copies.
    ///   - inReplyTo: the Message-Id replied to.
    ///   - subject: the subject.
    ///   - body: the text.
    public init(to: [String], cc: [String] = [], inReplyTo: String? = nil, subject: String, body: String) {
        self.to = to
        self.cc = cc
        self.inReplyTo = inReplyTo
        self.subject = subject
        self.body = body
    }

    /// Composes the email for an ended job.
    /// - Parameters:
    ///   - job: the ended job.
    ///   - email: the trigger's addresses.
    ///   - baseURL: the server's public URL.
    public init(job: Job, email: Trigger.Email, baseURL: String) {
        to = Self.addresses(email.to)
        cc = email.cc.map(Self.addresses) ?? []
        inReplyTo = email.inReplyTo
        let label = job.tags.isEmpty ? "hck" : job.tags.joined(separator: "/")
        subject = "[\(label)] build \(job.status.rawValue)"
        let seconds = Int(job.updatedAt.timeIntervalSince(job.createdAt).rounded())
        var lines = [
            "Job #\(job.id): \(job.status.rawValue) in \(seconds / 60)m\(seconds % 60)s",
            "",
        ]
        if let note = job.note, !note.isEmpty { lines += [note, ""] }
        let links = JobLinks(baseURL: baseURL)
        lines.append(links.page(job.id))
        lines.append("")
        for task in job.tasks {
            lines.append("\(Self.mark(task.status)) \(task.name) \(links.taskLog(job.id, task.name))")
        }
        body = lines.joined(separator: "\n") + "\n"
    }

    /// ✓ for success, ✗ for failure, - for anything else.
    static func mark(_ status: TaskStatus) -> String {
        switch status {
        case .success: "✓"
        case .failed: "✗"
        default: "-"
        }
    }

    /// `Name <a@b>, c@d` → the bare addresses `a@b`, `c@d`.
    static func addresses(_ list: String) -> [String] {
        list.split(separator: ",").compactMap { part in
            let text = part.trimmingCharacters(in: .whitespaces)
            if let open = text.firstIndex(of: "<"), let close = text.firstIndex(of: ">"), open < close {
                return String(text[text.index(after: open)..<close])
            }
            return text.isEmpty ? nil : text
        }
    }
}
