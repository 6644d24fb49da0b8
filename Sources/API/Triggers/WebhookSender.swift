import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
import Manifest
#endif

/// POSTs a job's JSON to a webhook URL, signed with the owner's key, retrying with backoff.
///
/// The signature is `X-Hck-Signature: sha256=<hex HMAC-SHA256 of the body>`, keyed with the owner's
/// webhook secret, so the receiver can check that hck sent it and nothing changed it.
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

    /// The header value for a body signed with a key.
    /// - Parameters:
    ///   - body: the exact bytes sent.
    ///   - key: the owner's webhook secret.
    public static func signature(of body: Data, key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(key.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Delivers `body` to `url`; never throws: the outcome is the record.
    /// - Parameters:
    ///   - body: the job's JSON.
    ///   - url: where to POST.
    ///   - key: the owner's webhook secret.
    public func deliver(_ body: Data, to url: String, key: String) async -> TriggerDelivery {
        guard let target = URL(string: url), ["http", "https"].contains(target.scheme) else {
            return TriggerDelivery(action: "webhook", target: url, succeeded: false, detail: "not an http(s) URL", attempts: 0, at: Date())
        }
        var request = URLRequest(url: target)
        request.httpMethod = "POST"
        request.httpBody = body
        request.timeoutInterval = 10
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(Self.signature(of: body, key: key), forHTTPHeaderField: "X-Hck-Signature")
        var detail = ""
        var backoff = firstBackoff
        for attempt in 1...max(1, attempts) {
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                detail = "HTTP \(status)"
                if (200..<300).contains(status) {
                    return TriggerDelivery(action: "webhook", target: url, succeeded: true, detail: detail, attempts: attempt, at: Date())
                }
            } catch {
                detail = "\(error.localizedDescription)"
            }
            if attempt < attempts {
                try? await Task.sleep(for: backoff)
                backoff *= 2
            }
        }
        return TriggerDelivery(action: "webhook", target: url, succeeded: false, detail: detail, attempts: attempts, at: Date())
    }
}
