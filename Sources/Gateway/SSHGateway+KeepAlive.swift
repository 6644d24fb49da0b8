import Client
import Foundation
import HckCore
import Logging
import Manifest
import NIOCore
public import Runner
import ServiceLifecycle
import Wire

extension SSHGateway: KeepAliveHook {
    /// Holds a kept VM for its owner's SSH sessions: until the last session ends (`shell: true`),
    /// until the keep time passes with no session open (a failed job), or, once the owner claims it,
    /// until the job's deadline (the runner ends the hold then).
    public func keepAlive(_ access: GuestAccess, for duration: Duration, reason: String) async throws {
        let job = access.job
        let until = ContinuousClock.now.advanced(by: duration)
        let record = KeptVM(
            host: advertisedHost,
            port: await port(),
            until: Date().addingTimeInterval(Double(duration.components.seconds)),
            reason: reason
        )
        let who = access.endsWithLastSession ? "until the last SSH session ends" : "for \(duration.spanText)"
        await log(access, "hck: the VM is kept \(who); its owner connects with: \(record.command(job: job))")
        await kept.keep(access)
        await report(job, record)
        // The server knows where to connect: the job's result may go out now, the command with it.
        await access.reachable()
        // A runner that stops (graceful shutdown) does not wait out the keep: the VM goes once no
        // session is open. A claimed VM belongs to a running job, which the node's drain governs.
        let claimed = await withGracefulShutdownHandler {
            await withTaskGroup(of: Bool.self) { group in
                group.addTask { await self.waitForSessionsToEnd(access, until: until) }
                group.addTask { await self.waitForClaim(job) }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
        } onGracefulShutdown: { [kept] in
            Task { await kept.changes.ring(job) }
        }
        let stopping = !claimed && Task.isShuttingDownGracefully && !Task.isCancelled
        if stopping {
            await log(access, "hck: this runner is stopping and no SSH session is open: the kept VM goes now")
        }
        if claimed {
            await log(access, "hck: the owner claimed the VM: it is kept until the job's deadline")
            try? await Task.sleep(for: .seconds(366 * 86400))
        }
        // Runs cancelled or not (the deadline cancels a claimed hold): the server must learn it is gone.
        let why =
            Task.isCancelled || claimed
            ? "the job was cancelled or reached its deadline"
            : stopping ? "the runner stopped" : "kept \(duration.spanText) after \(reason)"
        await Task {
            await kept.release(job, why: why)
            await report(job, nil)
        }.value
    }

    /// Returns false when the hold may end: for a `shell: true` VM once a session was opened and the
    /// last one closed, else once `until` passed with no session open; at once with no session open
    /// when the runner stops.
    private func waitForSessionsToEnd(_ access: GuestAccess, until: ContinuousClock.Instant) async -> Bool {
        while !Task.isCancelled {
            let seen = await kept.changes.generation(of: access.job)
            let sessions = await kept.sessions(access.job)
            if sessions.open == 0, Task.isShuttingDownGracefully { return false }
            if access.endsWithLastSession, sessions.opened > 0, sessions.open == 0 { return false }
            let left = ContinuousClock.now.duration(to: until)
            if left <= .zero, sessions.open == 0 { return false }
            await kept.changes.wait(for: access.job, after: seen, timeout: left > .zero ? left : .seconds(3600))
        }
        return false
    }

    /// Returns true once the owner claimed the VM; keeps asking (a long-poll) until cancelled.
    private func waitForClaim(_ job: Int64) async -> Bool {
        while !Task.isCancelled {
            do {
                if try await authority.waitForClaim(job: job) { return true }
            } catch {
                if Task.isCancelled { break }
                logger.debug("asking whether job \(job)'s VM is claimed failed: \(error)")
                try? await Task.sleep(for: .seconds(5))
            }
        }
        return false
    }

    private func log(_ access: GuestAccess, _ line: String) async {
        await access.events.setupLog(ByteBuffer(string: line + "\n"))
    }
}
