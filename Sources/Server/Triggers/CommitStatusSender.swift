import AsyncHTTPClient
import Foundation
public import GitPush
import HckCore
import NIOCore
import NIOHTTP1
public import Wire

/// Sets a commit's status on its forge (``CommitStatus/request(token:)``), retrying with backoff
/// while the forge cannot be reached, answers 5xx or asks to slow down (429). Any other refusal
/// (a wrong token, a commit the forge does not know) is final at once.
public struct CommitStatusSender: Sendable {
    /// Attempts before giving up.
    public var attempts: Int
    /// The wait before the second attempt; doubled before each later one.
    public var firstBackoff: Duration

    /// Creates a sender.
    /// - Parameters:
    ///   - attempts: attempts before giving up.
    ///   - firstBackoff: the first wait, doubled each time.
    public init(attempts: Int = 5, firstBackoff: Duration = .seconds(1)) {
        self.attempts = attempts
        self.firstBackoff = firstBackoff
    }

    /// The action commit status deliveries are recorded under.
    public static let action = "commit-status"

    /// Sends the status `current` makes with `token`, made again before each attempt: a status
    /// retried after its group ended says so, and never sets a commit back to pending after its
    /// final status. A `current` that fails (the store cannot be read) is a failed attempt. Never
    /// throws: the outcome is the record.
    /// - Parameters:
    ///   - target: the delivery's target for the record, e.g. `GitHub ada/project@0123456789ab`.
    ///   - token: the forge's API token.
    ///   - current: the status to send now.
    public func deliver(to target: String, token: String, _ current: () async throws -> CommitStatus) async
        -> TriggerDelivery
    {
        let retries = DeliveryRetries(attempts: attempts, firstBackoff: firstBackoff)
        let (outcome, made) = await retries.run {
            let outcome = await send(token: token, current)
            return (outcome, outcome.succeeded || outcome.final)
        }
        return TriggerDelivery(
            action: Self.action,
            target: target,
            succeeded: outcome.succeeded,
            detail: outcome.detail,
            attempts: made,
            at: Date()
        )
    }

    /// How one attempt went: whether the forge took the status, whether its refusal is final (no
    /// retry helps), and what to record.
    private struct Attempt {
        var succeeded: Bool
        var final: Bool
        var detail: String
    }

    /// One attempt: the status `current` makes now, sent.
    private func send(token: String, _ current: () async throws -> CommitStatus) async -> Attempt {
        let status: CommitStatus
        do {
            status = try await current()
        } catch {
            return Attempt(succeeded: false, final: false, detail: "cannot tell the group's state: \(error)")
        }
        let request = status.request(token: token)
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        outgoing.body = .bytes(request.body)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        do {
            let response = try await HTTPClient.webhooks.execute(outgoing, timeout: .seconds(15))
            let answer = try await response.body.collect(upTo: 4096)
            let code = Int(response.status.code)
            var detail = "\(status.state.rawValue): HTTP \(code)"
            if (200..<300).contains(code) { return Attempt(succeeded: true, final: true, detail: detail) }
            let said = String(decoding: answer.readableBytesView, as: UTF8.self).prefix(300)
            if !said.isEmpty { detail += " \(said)" }
            return Attempt(succeeded: false, final: code < 500 && code != 429, detail: detail)
        } catch {
            return Attempt(succeeded: false, final: false, detail: "\(status.state.rawValue): \(error)")
        }
    }
}
