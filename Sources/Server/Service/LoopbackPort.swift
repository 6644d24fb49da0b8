import HckCore
import Store
import Wire

/// Finds a free TCP port on 127.0.0.1 (for tests and benchmarks, which need the URL before the server
/// binds).
public enum LoopbackPort {
    /// A port nobody listened on a moment ago.
    public static func free() throws -> Int {
        let socket: LoopbackSocket
        do {
            socket = try LoopbackSocket.bind()
        } catch {
            throw StoreError(.notFound, "cannot find a free port on 127.0.0.1: \(error.message)")
        }
        socket.close()
        return socket.port
    }
}
