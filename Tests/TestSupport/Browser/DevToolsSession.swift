import Dispatch
public import Foundation
import HckCore

/// A page in a headless Chromium, for async tests: every DevTools exchange runs on this session's
/// own serial dispatch queue (``DevToolsConnection`` blocks), so the cooperative pool that runs the
/// tests and their in-process servers never waits on the browser.
package final class DevToolsSession: @unchecked Sendable {
    // @unchecked: `connection` is not Sendable; it is only touched on `queue`, one block at a time.
    private let connection: DevToolsConnection
    private let queue: DispatchQueue

    private init(connection: DevToolsConnection, queue: DispatchQueue) {
        self.connection = connection
        self.queue = queue
    }

    /// Starts chromium, opens `url` in a new page and attaches to it.
    package static func open(_ url: URL) async throws -> DevToolsSession {
        let queue = DispatchQueue(label: "hck-test-devtools")
        let browser = try await DevToolsConnection.launch()
        let connection = try await offThePool(on: queue) {
            Unchecked(
                value: try DevToolsConnection(
                    process: browser.process,
                    profile: browser.profile,
                    endpoint: browser.endpoint,
                    opening: url
                )
            )
        }
        return DevToolsSession(connection: connection.value, queue: queue)
    }

    /// Evaluates a JavaScript expression in the page and returns its value (strings, numbers, booleans, JSON).
    package func evaluate(_ expression: String) async throws -> Any? {
        let reply = try await call("Runtime.evaluate", ["expression": expression, "returnByValue": true])
        let result = (reply["result"] as? [String: Any])?["result"] as? [String: Any]
        return result?["value"]
    }

    /// Sends a DevTools command and returns its reply.
    package func call(_ method: String, _ parameters: [String: any Sendable]) async throws -> [String: Any] {
        let connection = connection
        return try await offThePool(on: queue) { Unchecked(value: try connection.call(method, parameters)) }.value
    }

    deinit {
        let connection = Unchecked(value: connection)
        queue.async { connection.value.close() }
    }
}
