import Foundation

/// Where a command listens, written `HOST:PORT` (`127.0.0.1:2222`, `[::1]:9100`, `0.0.0.0:9100`):
/// `--ssh-listen` and `--metrics-listen`.
package struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address to bind, without brackets.
    package let host: String
    /// The port (0: one the system picks).
    package let port: Int

    /// Reads `HOST:PORT`; nil when the host is empty or the port is not 0…65535.
    package init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        let host = text[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }

    /// `HOST:PORT`, with an IPv6 host in brackets.
    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
