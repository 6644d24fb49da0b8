import Foundation
import HckCore
import Testing

@testable import Runner

/// The guest isolation's pieces alone (forwards, qemu.conf, resolv.conf), then the real nftables
/// table against real sockets: a process running as QEMU's user (`setpriv`) stands for a guest,
/// since with user networking every connection a guest opens is a socket of its QEMU on the host.
/// The table applies to every QEMU on the host while it exists: run under the host's VM lock.
@Suite(.serialized) struct GuestIsolationTests {
    @Test(arguments: [
        ("cache=127.0.0.1:3142", "cache", "127.0.0.1", 3142, "10.0.2.2:3142"),
        ("git-mirror=localhost:9418", "git-mirror", "127.0.0.1", 9418, "10.0.2.2:9418"),
        ("lan_cache=192.168.7.9:80", "lan_cache", "192.168.7.9", 80, "192.168.7.9:80"),
        ("v6=[fd00::5]:8080", "v6", "fd00::5", 8080, "[fd00::5]:8080"),
    ])
    func aForwardSaysWhereTheGuestFindsIt(text: String, name: String, host: String, port: Int, guest: String) throws {
        let forward = try GuestForward(parsing: text)
        #expect(forward.name == name && forward.host == host && forward.port == port)
        #expect(forward.guestAddress == guest)
        #expect(try GuestForward(parsing: forward.description) == forward)
    }

    @Test(arguments: [
        ("nameless", "write NAME=HOST:PORT"),
        ("=127.0.0.1:80", "the name must be"),
        ("a b=127.0.0.1:80", "the name must be"),
        ("x=127.0.0.1:0", "the port must be"),
        ("x=127.0.0.1:http", "the port must be"),
        ("x=cache.example:80", "is not an IP address"),
        ("x=127.0.0.2:80", "only at 127.0.0.1"),
        ("x=[::1]:80", "only at 127.0.0.1"),
    ])
    func aBadForwardIsRefusedSayingWhy(text: String, complaint: String) {
        #expect {
            try GuestForward(parsing: text)
        } throws: { error in
            (error as? GuestIsolationError).map { $0.code == .forward && $0.message.contains(complaint) } ?? false
        }
    }

    @Test func qemuConfAndResolvConfAreRead() {
        #expect(QEMUUser.configuredName(in: "# user = \"root\"\n#user = \"root\"\n") == "libvirt-qemu")
        #expect(QEMUUser.configuredName(in: "group = \"kvm\"\nuser = \"qemu\"\n") == "qemu")
        #expect(QEMUUser.configuredName(in: "user=\"+107\"") == "+107")
        #expect(
            HostResolvers.parse(
                "# x\nnameserver 10.255.255.53\nnameserver fe80::1%eth0\nnameserver fd00::53\nsearch x\n"
            )
                == ["10.255.255.53", "fd00::53"]
        )
    }

    @Test func theTableIsSharedByLiveInstallationsAndGoesWithTheLast() async throws {
        let user = try QEMUUser.configured()
        let forwarded = try await Listener.start()
        defer { forwarded.stop() }
        let other = try await Listener.start()
        defer { other.stop() }
        // A holder file of a process that died: nobody holds its lock.
        let dead = GuestIsolation.directory.appendingPathComponent("1-dead.holder")
        try FileManager.default.createDirectory(at: GuestIsolation.directory, withIntermediateDirectories: true)
        try Data("dead=127.0.0.1:\(other.port)\n".utf8).write(to: dead)

        // A VM test running beside this one may hold the table already; alone, QEMU's user reaches loopback.
        if try Self.otherHolders().filter({ $0 != dead.lastPathComponent }).isEmpty {
            #expect(try await Self.reaches(other.port, as: user) == true, "before: QEMU's user reaches loopback")
        }
        let first = try await GuestIsolation.install(forwards: [
            try GuestForward(parsing: "a=127.0.0.1:\(forwarded.port)")
        ])
        #expect(!FileManager.default.fileExists(atPath: dead.path), "the dead holder is dropped")
        #expect(try await Self.reaches(forwarded.port, as: user) == true, "a forward is let through")
        #expect(try await Self.reaches(other.port, as: user) == false, "the dead holder's forward is not")
        #expect(try await Self.reaches(other.port, as: nil) == true, "root is not QEMU: untouched")
        let hostAddress = try #require(try await Self.hostAddress(), "this host has a global IPv4 address")
        #expect(try await Self.connects(to: hostAddress, other.port, as: nil), "root reaches the host's own address")
        #expect(try await !Self.connects(to: hostAddress, other.port, as: user), "QEMU's user does not")

        let second = try await GuestIsolation.install(forwards: [try GuestForward(parsing: "b=127.0.0.1:\(other.port)")]
        )
        #expect(try await Self.reaches(other.port, as: user) == true, "the second runner's forward")
        #expect(try await Self.reaches(forwarded.port, as: user) == true, "and the first's still")
        await first.remove()
        #expect(try await Self.reaches(forwarded.port, as: user) == false, "the first runner's forward went with it")
        #expect(try await Self.tableExists(), "the second runner still needs the table")
        await second.remove()
        // A VM test running beside this one (same process, or another hck on the host) may hold the
        // table too; then it stays, rightly. Alone, this test sees it go.
        if try Self.otherHolders().isEmpty {
            #expect(try await Self.tableExists() == false, "the last runner removed the table")
            #expect(try await Self.reaches(other.port, as: user) == true, "after: as before")
        }
    }

    /// Whether a connection to 127.0.0.1:port opens, as QEMU's user (nil: as this process's user).
    static func reaches(_ port: Int, as user: QEMUUser?) async throws -> Bool {
        try await connects(to: "127.0.0.1", port, as: user)
    }

    /// This host's first global IPv4 address.
    static func hostAddress() async throws -> String? {
        let addresses = try await ChildProcess.output("/usr/sbin/ip", ["-4", "-o", "addr", "show", "scope", "global"])
        return addresses.text.firstMatch(of: /inet (\d+\.\d+\.\d+\.\d+)\//).map { String($0.1) }
    }

    static func connects(to address: String, _ port: Int, as user: QEMUUser?) async throws -> Bool {
        let probe =
            "if timeout 5 bash -c 'exec 3<>/dev/tcp/\(address)/\(port)' 2>/dev/null; then echo reached; else echo refused; fi"
        let result: (status: Int32, text: String)
        if let user {
            result = try await ChildProcess.output(
                "/usr/bin/setpriv",
                ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups", "/bin/bash", "-c", probe]
            )
        } else {
            result = try await ChildProcess.output("/bin/bash", ["-c", probe])
        }
        return result.text.contains("reached")
    }

    /// The holder files left in the holders' folder (each a live runner's; this test's are gone).
    static func otherHolders() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: GuestIsolation.directory.path).filter {
            $0.hasSuffix(".holder")
        }
    }

    static func tableExists() async throws -> Bool {
        try await ChildProcess.output("/usr/sbin/nft", ["list", "table", "inet", "hck_guests"]).status == 0
    }
}

/// A TCP port listening on every address (0.0.0.0) with a long backlog, so that many probes
/// connect without anyone accepting: a Python process, stopped by ``stop()``.
private final class Listener: Sendable {
    let port: Int
    private let process: SpawnedProcess

    private init(port: Int, process: SpawnedProcess) {
        self.port = port
        self.process = process
    }

    static func start() async throws -> Listener {
        let port = Int.random(in: 40000..<60000)
        let process = try await SpawnedProcess.start(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import socket,time; s=socket.socket(); s.bind(('0.0.0.0', \(port))); s.listen(128); time.sleep(600)",
            ]
        )
        let listener = Listener(port: port, process: process)
        for _ in 0..<100 {
            if try await GuestIsolationTests.connects(to: "127.0.0.1", port, as: nil) { return listener }
            try await Task.sleep(for: .milliseconds(100))
        }
        listener.stop()
        throw ToolFailure(description: "python3 never listened on port \(port)")
    }

    func stop() {
        process.signal(SIGKILL)
    }
}
