public import Foundation
import HckCore
public import Logging

/// Keeps the guests of this host's QEMU off the host and off private networks while a runner
/// (`hck runner`, `hck up`, `hck run`) lives: an nftables table (``IsolationRules``) that hck
/// installs at start, checks, and removes when the last runner on the host stops.
///
/// Several runners may share a host and each may allow its own forwards, while the table is one
/// (QEMU's user is one). So each installation is a holder file in ``directory`` naming its
/// forwards, locked (`flock`) for as long as it lives; the table is recomputed from the live
/// holders whenever one comes or goes, and deleted with the last. A holder whose process died
/// (SIGKILL) has lost its lock and is dropped at the next recomputation.
public struct GuestIsolation: Sendable {
    /// The forwards this installation allows (others' may be allowed as well).
    public let forwards: [GuestForward]
    private let holder: OwnerLock
    private let logger: Logger

    /// Where the holder files live.
    public static let directory = URL(fileURLWithPath: "/run/hck/guest-isolation")
    private static let holderSuffix = ".holder"

    /// Installs (or updates) the table with these forwards, and checks that a connection from
    /// QEMU's user to this host's loopback is refused.
    /// - Throws: ``GuestIsolationError`` saying why guests cannot be isolated; nothing is left
    ///   installed for this call then.
    public static func install(
        forwards: [GuestForward],
        logger: Logger = Logger(label: "hck.isolation")
    ) async throws -> GuestIsolation {
        let user = try QEMUUser.configured()
        let holderFile = directory.appendingPathComponent("\(getpid())-\(UUID().uuidString)\(holderSuffix)")
        let holder: OwnerLock
        do {
            try FileManager.default.createDirectory(
                at: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755]
            )
            guard let locked = try OwnerLock.acquire(holderFile) else {
                throw GuestIsolationError(.holder, "\(holderFile.path) is locked by another process")
            }
            holder = locked
            // Written in place (not renamed over): the lock is on this very file.
            let handle = try FileHandle(forWritingTo: holderFile)
            try handle.write(contentsOf: Data(forwards.map { "\($0)\n" }.joined().utf8))
            try handle.close()
        } catch let error as GuestIsolationError {
            throw error
        } catch {
            throw GuestIsolationError(.holder, "cannot write \(holderFile.path): \(error)")
        }
        let isolation = GuestIsolation(forwards: forwards, holder: holder, logger: logger)
        do {
            try await apply(user: user)
            try await check(user: user, forwards: forwards)
        } catch {
            await isolation.remove()
            throw error
        }
        return isolation
    }

    /// Runs `body` with the table installed, and removes this installation's part after it,
    /// whether it returned or threw.
    public static func whileInstalled<Result: Sendable>(
        forwards: [GuestForward],
        logger: Logger = Logger(label: "hck.isolation"),
        _ body: () async throws -> Result
    ) async throws -> Result {
        let isolation = try await install(forwards: forwards, logger: logger)
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        await isolation.remove()
        return try result.get()
    }

    /// Takes this installation's forwards out of the table, and the table away when no other
    /// runner on the host needs it. Failures are logged: the next runner's start recomputes.
    public func remove() async {
        holder.release()
        let logger = logger
        // Not cancelled with the caller: a cancelled nft would leave the table behind.
        await Task {
            do {
                try await Self.apply(user: QEMUUser.configured())
            } catch {
                logger.error("guest isolation: could not update the nftables table at stop: \(error)")
            }
        }.value
    }

    /// Recomputes the table from the live holders, under a host-wide lock.
    private static func apply(user: QEMUUser) async throws(GuestIsolationError) {
        let lock = try await mutex()
        defer { lock.release() }
        let live = liveForwards()
        let script: String
        if let forwards = live {
            script = IsolationRules(qemuUID: user.uid, resolvers: HostResolvers.current(), forwards: forwards)
                .script()
        } else {
            script = IsolationRules.removal
        }
        try await nft(script: script)
    }

    /// The forwards of every live holder (this process's included), or nil when there is none;
    /// removes the holder files of dead processes.
    private static func liveForwards() -> [GuestForward]? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var live = false
        var forwards: Set<GuestForward> = []
        for entry in entries.sorted() where entry.hasSuffix(holderSuffix) {
            let file = directory.appendingPathComponent(entry)
            if let stale = try? OwnerLock.acquire(file) {
                stale.release()
                continue
            }
            live = true
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                if let forward = try? GuestForward(parsing: String(line)) { forwards.insert(forward) }
            }
        }
        return live ? forwards.sorted { ($0.host, $0.port, $0.name) < ($1.host, $1.port, $1.name) } : nil
    }

    /// The host-wide lock around a recomputation (waits for another runner's, briefly).
    private static func mutex() async throws(GuestIsolationError) -> OwnerLock {
        let file = directory.appendingPathComponent("rules.lock")
        for _ in 0..<600 {
            do {
                if let lock = try OwnerLock.acquire(file) { return lock }
            } catch {
                throw GuestIsolationError(.holder, "\(error)")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        throw GuestIsolationError(.holder, "\(file.path) stayed locked for 30 s: another hck process hangs")
    }

    /// Runs an nft script.
    private static func nft(script: String) async throws(GuestIsolationError) {
        guard
            let nft = ["/usr/sbin/nft", "/sbin/nft"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            throw GuestIsolationError(.nftables, "nft is not installed (Debian's nftables package)")
        }
        let file = directory.appendingPathComponent("rules-\(UUID().uuidString).nft")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try Data(script.utf8).write(to: file)
            let result = try await ChildProcess.output(nft, ["-f", file.path])
            guard result.status == 0 else {
                throw GuestIsolationError(
                    .nftables,
                    "nft refused the rules (exit \(result.status)): \(result.text.trimmingCharacters(in: .whitespacesAndNewlines))"
                )
            }
        } catch let error as GuestIsolationError {
            throw error
        } catch {
            throw GuestIsolationError(.nftables, "cannot run \(nft): \(error)")
        }
    }
}
