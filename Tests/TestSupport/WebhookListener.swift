import Client
public import Foundation
import HTTPTypes
public import HckCore
import Hummingbird
import Server
import Store
import Wire

/// A real HTTP server on loopback that records every POST to /hook.
package struct WebhookListener {
    package struct Received: Sendable {
        package var body: Data
        /// `X-Payload-Signature`: the base64 Ed25519 signature of the body followed by the nonce.
        package var signature: String?
        /// `X-Payload-Nonce`.
        package var nonce: String?
    }

    package let port: Int
    package let received: AsyncStream<Received>

    /// Runs `body` while the listener serves. With `hold`, each answer waits (at most 5 s) until `hold`
    /// rang 0 once: a test can do something while the sender waits for its answer.
    package static func with<T>(hold: Doorbell<Int>? = nil, _ body: (WebhookListener) async throws -> T) async throws
        -> T
    {
        let port = try TestServer.freePort()
        let (received, sink) = AsyncStream.makeStream(of: Received.self)
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            sink.yield(
                Received(
                    body: Data(bytes.readableBytesView),
                    signature: request.headers[HTTPField.Name(HeaderName.payloadSignature)],
                    nonce: request.headers[HTTPField.Name(HeaderName.payloadNonce)]
                )
            )
            await hold?.wait(for: 0, after: 0, timeout: .seconds(5))
            return .ok
        }
        return try await servingOnLoopback(router, port: port, label: "hook") {
            try await body(WebhookListener(port: port, received: received))
        }
    }
}
