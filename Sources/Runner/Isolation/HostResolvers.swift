import Foundation

/// The DNS servers of this host (`nameserver` lines of /etc/resolv.conf): QEMU's DNS proxy at
/// 10.0.2.3 forwards a guest's queries to them, so they stay reachable on port 53 even when
/// they are on a private network.
enum HostResolvers {
    /// The resolver configuration.
    static let file = "/etc/resolv.conf"

    /// The IP addresses of the `nameserver` lines in a resolv.conf text (scoped IPv6 ones left out).
    static func parse(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: \.isWhitespace)
            guard words.count >= 2, words[0] == "nameserver", IPFamily(of: String(words[1])) != nil else { return nil }
            return String(words[1])
        }
    }

    /// This host's resolvers (none when the file cannot be read).
    static func current() -> [String] {
        parse((try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
    }
}
