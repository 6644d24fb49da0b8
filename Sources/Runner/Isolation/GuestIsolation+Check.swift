import Foundation
import HckCore

extension GuestIsolation {
    /// Proves that the rules hold: a program run as QEMU's user cannot connect to a port this
    /// process listens on at 127.0.0.1 (what a guest's 10.0.2.2 reaches).
    static func check(user: QEMUUser, forwards: [GuestForward]) async throws(GuestIsolationError) {
        let listener: LoopbackSocket
        do {
            listener = try LoopbackSocket.bind(listening: true)
        } catch {
            throw GuestIsolationError(.check, "cannot listen on 127.0.0.1 for the check: \(error)")
        }
        defer { listener.close() }
        guard !forwards.contains(where: { $0.host == "127.0.0.1" && $0.port == listener.port }) else {
            // The kernel handed out a forwarded port that nothing listens on yet: nothing to learn here.
            return
        }
        let probe =
            "if (exec 3<>/dev/tcp/127.0.0.1/\(listener.port)) 2>/dev/null; then echo reached; else echo refused; fi"
        let asQEMU: (status: Int32, text: String)
        do {
            asQEMU = try await ChildProcess.output(
                "/usr/bin/setpriv",
                ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups", "/bin/bash", "-c", probe]
            )
        } catch {
            throw GuestIsolationError(.check, "cannot run setpriv for the check: \(error)")
        }
        switch asQEMU.text.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "refused":
            return
        case "reached":
            throw GuestIsolationError(
                .check,
                "the nftables table is in place, yet \(user.name) (uid \(user.uid)) still connected to 127.0.0.1:\(listener.port): another table or the kernel lets it through (see `nft list ruleset`)"
            )
        default:
            throw GuestIsolationError(
                .check,
                "the check as \(user.name) did not run (exit \(asQEMU.status)): \(asQEMU.text)"
            )
        }
    }
}
