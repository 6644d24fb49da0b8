import Foundation
import HckCore
import Runner
import TestSupport
import Testing

/// What a job's task probes to show that its guest is isolated: a port that the test listens on
/// at 127.0.0.1 and forwards (`--guest-forward`), one it listens on and does not forward, the
/// test's own host in a network namespace (a private address), and whatever other ports of this
/// host the caller names (the API, the SSH gateway). Every target listens, as this host's own
/// connections show, so a `closed` in the guest is the isolation's doing.
struct IsolationProbes {
    let forwarded: LoopbackSocket
    let blocked: LoopbackSocket
    let testHost: NamespaceTestHost
    /// Other ports of this host's loopback the guest must not reach.
    let hostPorts: [Int]

    /// The forwards' flag.
    var flags: [String] { ["--guest-forward", "probe=127.0.0.1:\(forwarded.port)"] }

    /// The task script.
    var script: String { GuestProbe.script([allowedTarget] + refusedTargets) }

    private var allowedTarget: String { "10.0.2.2:\(forwarded.port)" }
    private var refusedTargets: [String] {
        ([blocked.port] + hostPorts).map { "10.0.2.2:\($0)" } + ["\(testHost.address):\(testHost.port)"]
    }

    /// Runs `body` with the listeners and the test host, then removes them.
    static func with(hostPorts: [Int], _ body: (IsolationProbes) async throws -> Void) async throws {
        let forwarded = try LoopbackSocket.bind(listening: true)
        defer { forwarded.close() }
        let blocked = try LoopbackSocket.bind(listening: true)
        defer { blocked.close() }
        let testHost = try await NamespaceTestHost.make()
        let result: Result<Void, any Error>
        do {
            result = .success(
                try await body(
                    IsolationProbes(forwarded: forwarded, blocked: blocked, testHost: testHost, hostPorts: hostPorts)
                )
            )
        } catch {
            result = .failure(error)
        }
        await testHost.remove()
        try result.get()
    }

    /// Checks the task's log: the forward open, everything else closed, though this host reaches it.
    func check(_ log: String) async throws {
        #expect(GuestProbe.result(allowedTarget, in: log) == "open", "the allowed forward: \(log)")
        for target in refusedTargets {
            #expect(GuestProbe.result(target, in: log) == "closed", "\(target) from the guest: \(log)")
        }
        #expect(
            try await testHost.reachable(),
            "this host reaches the test host, so the guest's 'closed' is the rule's"
        )
    }

    /// Whether hck's nftables table is on this host now.
    static func tableInstalled() async throws -> Bool {
        try await HckCore.ChildProcess.output("/usr/sbin/nft", ["list", "table", "inet", "hck_guests"]).status == 0
    }

    /// Whether the table is gone, or held by another live runner (VM suites run side by side in one
    /// test process, and each `hck run` or runner holds the table while it lives): only then can a
    /// test say its own runner left it behind.
    static func tableGoneUnlessHeld() async throws -> Bool {
        let holders = (try? FileManager.default.contentsOfDirectory(atPath: GuestIsolation.directory.path)) ?? []
        return try await !tableInstalled() || holders.contains { $0.hasSuffix(".holder") }
    }
}
