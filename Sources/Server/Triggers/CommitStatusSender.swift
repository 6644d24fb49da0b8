import AsyncHTTPClient
public import Foundation
public import GitPush
import HckCore
import NIOCore
import NIOHTTP1
public import Store
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

    /// Sends `status` with `token`; never throws: the outcome is the record.
    public func deliver(_ status: CommitStatus, token: String) async -> TriggerDelivery {
        await deliver(token: token) { status }
    }

    /// Sends the status `current` makes, made again before each attempt: a status retried after
    /// its group ended says so, and never sets a commit back to pending after its final status.
    public func deliver(token: String, _ current: () async -> CommitStatus) async -> TriggerDelivery {
        var status = await current()
        let target = "\(status.forge.displayName) \(status.repository)@\(status.commit.prefix(12))"
        var detail = ""
        var backoff = firstBackoff
        let attempts = max(1, attempts)
        for attempt in 1...attempts {
            if attempt > 1 { status = await current() }
            let request = status.request(token: token)
            var outgoing = HTTPClientRequest(url: request.url)
            outgoing.method = .POST
            outgoing.body = .bytes(request.body)
            for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
            var retry = true
            do {
                let response = try await HTTPClient.webhooks.execute(outgoing, timeout: .seconds(15))
                let answer = try await response.body.collect(upTo: 4096)
                let code = Int(response.status.code)
                detail = "\(status.state.rawValue): HTTP \(code)"
                if (200..<300).contains(code) {
                    return TriggerDelivery(
                        action: Self.action,
                        target: target,
                        succeeded: true,
                        detail: detail,
                        attempts: attempt,
                        at: Date()
                    )
                }
                let said = String(decoding: answer.readableBytesView, as: UTF8.self).prefix(300)
                if !said.isEmpty { detail += " \(said)" }
                retry = code >= 500 || code == 429
            } catch {
                detail = "\(status.state.rawValue): \(error)"
            }
            guard retry else {
                return TriggerDelivery(
                    action: Self.action,
                    target: target,
                    succeeded: false,
                    detail: detail,
                    attempts: attempt,
                    at: Date()
                )
            }
            if attempt < attempts {
                try? await Task.sleep(for: backoff)
                backoff *= 2
            }
        }
        return TriggerDelivery(
            action: Self.action,
            target: target,
            succeeded: false,
            detail: detail,
            attempts: attempts,
            at: Date()
        )
    }
}
