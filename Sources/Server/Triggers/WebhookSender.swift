import AsyncHTTPClient
public import Foundation
import HckCore
import Manifest
import NIOCore
import NIOHTTP1
import Store
public import Wire

/// POSTs a job's JSON to a webhook URL, signed with the server's key (``WebhookSigner``), retrying
/// with backoff; each attempt is the same signed body.
public struct WebhookSender: Sendable {
    /// Attempts before giving up.
    public var attempts: Int
    /// The wait before the second attempt; doubled before each later one.
    public var firstBackoff: Duration

    /// Creates a sender.
    /// - Parameters:
    ///   - attempts: attempts before giving up.
    ///   - firstBackoff: the first wait, doubled each time.
    public init(attempts: Int = 4, firstBackoff: Duration = .milliseconds(500)) {
        self.attempts = attempts
        self.firstBackoff = firstBackoff
    }

    /// Delivers `body` to `url`; never throws: the outcome is the record.
    /// - Parameters:
    ///   - body: the job's JSON.
    ///   - url: where to POST.
    ///   - signer: the server's signing key.
    public func deliver(_ body: Data, to url: String, signer: WebhookSigner) async -> TriggerDelivery {
        guard let target = URL(string: url), ["http", "https"].contains(target.scheme) else {
            return TriggerDelivery(
                action: "webhook",
                target: url,
                succeeded: false,
                detail: "not an http(s) URL",
                attempts: 0,
                at: Date()
            )
        }
        var request = HTTPClientRequest(url: target.absoluteString)
        request.method = .POST
        request.body = .bytes(body)
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        do {
            let signed = try signer.headers(for: body)
            request.headers.replaceOrAdd(name: HeaderName.payloadSignature.rawValue, value: signed.signature)
            request.headers.replaceOrAdd(name: HeaderName.payloadNonce.rawValue, value: signed.nonce)
        } catch {
            return TriggerDelivery(
                action: "webhook",
                target: url,
                succeeded: false,
                detail: "cannot sign the delivery: \(error)",
                attempts: 0,
                at: Date()
            )
        }
        let retries = DeliveryRetries(attempts: attempts, firstBackoff: firstBackoff)
        // Any failure may be passing (a receiver restarting, a proxy's 502): every one is retried.
        let (outcome, made) = await retries.run { () -> (outcome: (succeeded: Bool, detail: String), last: Bool) in
            do {
                let response = try await HTTPClient.webhooks.execute(request, timeout: .seconds(10))
                for try await _ in response.body {}  // read to its end, within the 10 s
                let status = Int(response.status.code)
                let succeeded = (200..<300).contains(status)
                return ((succeeded, "HTTP \(status)"), succeeded)
            } catch {
                return ((false, String(describing: error)), false)
            }
        }
        return TriggerDelivery(
            action: "webhook",
            target: url,
            succeeded: outcome.succeeded,
            detail: outcome.detail,
            attempts: made,
            at: Date()
        )
    }
}
