/// The nftables table that keeps guests off the host and private networks: a pure rendering of
/// who QEMU runs as, the host's DNS resolvers and the operator's forwards (``GuestIsolation``
/// applies it).
///
/// Its one chain sits on the output hook and looks only at packets of sockets owned by QEMU's
/// user: with user networking, every connection a guest opens is a socket of its QEMU process on
/// the host. New connections to any address of the host itself (`fib daddr type local`: loopback,
/// 10.0.2.2's target, the host's own LAN and public addresses), to private, shared, link-local
/// and multicast ranges are refused (a TCP reset, else an ICMP error, so a task fails at once
/// instead of waiting); replies on connections that are already open pass (the host's SSH to the
/// guest is one), and so do DNS to the host's resolvers and the forwards.
struct IsolationRules: Sendable, Equatable {
    /// The table's family and name.
    static let table = "inet hck_guests"

    /// The user id QEMU runs as.
    var qemuUID: UInt32
    /// The host's DNS resolvers (QEMU's DNS at 10.0.2.3 asks them), IPv4 and IPv6.
    var resolvers: [String]
    /// What the operators of the runners on this host allow.
    var forwards: [GuestForward]

    /// IPv4 ranges a guest never opens a connection to.
    static let blockedV4 = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
    ]
    /// IPv6 ranges a guest never opens a connection to (`::ffff:0:0/96` would reach IPv4 ones).
    static let blockedV6 = ["::/127", "::ffff:0:0/96", "64:ff9b:1::/48", "fc00::/7", "fe80::/10", "ff00::/8"]

    /// The nft script: creates the table, or replaces it whole in one transaction.
    func script() -> String {
        var chain = [
            "meta skuid != \(qemuUID) accept",
            "ct state established,related accept",
        ]
        let v4 = forwards.filter { !$0.isIPv6 }.map { "\($0.host) . \($0.port)" }
        let v6 = forwards.filter(\.isIPv6).map { "\($0.host) . \($0.port)" }
        if !v4.isEmpty { chain.append("ip daddr . tcp dport { \(v4.joined(separator: ", ")) } accept") }
        if !v6.isEmpty { chain.append("ip6 daddr . tcp dport { \(v6.joined(separator: ", ")) } accept") }
        let dns4 = resolvers.filter { IPFamily(of: $0) == .v4 }
        let dns6 = resolvers.filter { IPFamily(of: $0) == .v6 }
        if !dns4.isEmpty {
            chain.append("ip daddr { \(dns4.joined(separator: ", ")) } meta l4proto { tcp, udp } th dport 53 accept")
        }
        if !dns6.isEmpty {
            chain.append("ip6 daddr { \(dns6.joined(separator: ", ")) } meta l4proto { tcp, udp } th dport 53 accept")
        }
        chain += [
            "fib daddr type local goto refuse",
            "ip daddr @blocked_v4 goto refuse",
            "ip6 daddr @blocked_v6 goto refuse",
        ]
        return """
            table \(Self.table)
            delete table \(Self.table)
            table \(Self.table) {
                comment "hck runner/up/run: QEMU (uid \(qemuUID)) guests reach no address of this host, no private network"
                set blocked_v4 {
                    type ipv4_addr; flags interval
                    elements = { \(Self.blockedV4.joined(separator: ", ")) }
                }
                set blocked_v6 {
                    type ipv6_addr; flags interval
                    elements = { \(Self.blockedV6.joined(separator: ", ")) }
                }
                chain output {
                    type filter hook output priority filter; policy accept;
            \(chain.map { "        " + $0 }.joined(separator: "\n"))
                }
                chain refuse {
                    meta l4proto tcp reject with tcp reset
                    reject with icmpx admin-prohibited
                }
            }

            """
    }

    /// The nft script that removes the table.
    static let removal = "table \(table)\ndelete table \(table)\n"
}
