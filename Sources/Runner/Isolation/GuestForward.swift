import Foundation
public import HckCore

#if canImport(Glibc)
    import Glibc
#endif

/// A port on the host or the network that the operator lets guests reach, by name
/// (`--guest-forward NAME=HOST:PORT`): a package cache or a git mirror, say.
///
/// QEMU's user networking maps the guest's gateway, 10.0.2.2, to the host's 127.0.0.1: a forward to
/// `127.0.0.1:PORT` (or `localhost:PORT`) is reached in the guest at `10.0.2.2:PORT`; a forward to
/// any other address is reached at that address. Only TCP is forwarded.
public struct GuestForward: Sendable, Hashable, CustomStringConvertible {
    /// The operator's name for it (letters, digits, `-`, `_`).
    public let name: String
    /// The IP address the host connects to (IPv4 dotted, or IPv6 without brackets).
    public let host: String
    /// The TCP port.
    public let port: Int

    /// The address of the host's loopback as a user-networking guest sees it.
    public static let hostLoopbackInGuest = "10.0.2.2"

    /// Parses `NAME=HOST:PORT` (HOST an IP address, `[v6]`, or `localhost`).
    /// - Throws: ``GuestIsolationError`` (`forward`) saying what is wrong with it.
    public init(parsing text: String) throws(GuestIsolationError) {
        func refuse(_ why: String) -> GuestIsolationError {
            GuestIsolationError(.forward, "--guest-forward \(text): \(why)")
        }
        guard let equals = text.firstIndex(of: "="), let colon = text.lastIndex(of: ":"), equals < colon else {
            throw refuse("write NAME=HOST:PORT, e.g. apt-cache=127.0.0.1:3142")
        }
        let name = String(text[..<equals])
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { throw refuse("the name must be letters, digits, '-' or '_'") }
        guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            throw refuse("the port must be a number from 1 to 65535")
        }
        var host = String(text[text.index(after: equals)..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" { host = "127.0.0.1" }
        guard let family = IPFamily(of: host) else {
            throw refuse("'\(host)' is not an IP address (write 127.0.0.1 for this host, or the address itself)")
        }
        if family == .v4, host != "127.0.0.1", host.hasPrefix("127.") {
            throw refuse("a guest reaches this host's loopback only at 127.0.0.1 (as 10.0.2.2)")
        }
        if family == .v6, host == "::1" {
            throw refuse("a guest reaches this host's loopback only at 127.0.0.1 (as 10.0.2.2), not at ::1")
        }
        self.name = name
        self.host = host
        self.port = port
    }

    /// A forward to an address already known to be valid (hck's own, such as the package cache's).
    init(name: String, host: String, port: Int) {
        self.name = name
        self.host = host
        self.port = port
    }

    /// Whether the host is an IPv6 address.
    public var isIPv6: Bool { IPFamily(of: host) == .v6 }

    /// The address a task in the guest connects to: `10.0.2.2` for the host's loopback, else the
    /// address itself.
    public var guestHost: String { host == "127.0.0.1" ? Self.hostLoopbackInGuest : host }

    /// Where a task in the guest connects to reach it: `10.0.2.2:PORT` for the host's loopback,
    /// else the address itself.
    public var guestAddress: String { isIPv6 ? "[\(host)]:\(port)" : "\(guestHost):\(port)" }

    /// `NAME=HOST:PORT`, as the flag takes it.
    public var description: String { "\(name)=\(isIPv6 ? "[\(host)]" : host):\(port)" }
}

/// Which IP version an address literal is.
enum IPFamily: Sendable {
    case v4, v6

    /// The family of an address literal, or nil when the text is no address.
    init?(of address: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            self = .v4
        } else if inet_pton(AF_INET6, address, &v6) == 1 {
            self = .v6
        } else {
            return nil
        }
    }
}
