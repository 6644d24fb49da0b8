import Foundation
import Logging
import Manifest

extension JobExecution {
    /// Keeps the VM for SSH access through the keep-alive hook.
    /// The job's result is reported once the hook says the VM is reachable, or when the hold ends.
    mutating func holdForSSH(_ duration: Duration) async -> JobEvent {
        let outcome = await settleOutcome()
        guard let vm, let connection else { return .keepAliveEnded }
        let reason = machine.status == .success ? "the tasks are done" : "the job \(machine.status)"
        await events.setupLine("\u{1B}[1m==> Keeping the VM for up to \(duration.spanText): \(reason)\u{1B}[0m")
        let access = GuestAccess(
            job: request.id,
            port: vm.sshPort,
            user: runner.configuration.user,
            key: key,
            hostKey: vm.hostKey,
            connection: connection,
            events: events,
            endsWithLastSession: machine.status == .success && runner.configuration.keepAlways == nil,
            reachable: { [events, announcement] in await Self.announce(outcome, to: events, once: announcement) }
        )
        let hook = keepAlive
        _ = await racingDeadline(machine.deadline!) {
            try await hook.keepAlive(access, for: duration, reason: reason)
        }
        await announceOutcome(outcome)
        return Task.isCancelled ? .cancelled : .keepAliveEnded
    }

    /// Closes the connection, destroys the domain and deletes the overlay. Runs on every path,
    /// cancelled or not: nothing here waits on anything that cancellation would cut short.
    mutating func destroy() async -> JobEvent {
        if let connection {
            self.connection = nil
            await connection.close()
        }
        if let vm {
            do {
                // libvirt calls go through a thread pool that refuses work from a cancelled task,
                // and a cancelled job must still lose its VM: the teardown runs in its own task,
                // awaited here (not fire-and-forget).
                try await Task { try await vm.destroy() }.value
                await events.setupLine("hck: \(vm.name) destroyed, overlay deleted")
            } catch {
                await events.setupLine("hck: destroying \(vm.name) failed: \(error)")
                runner.logger.error("destroying \(vm.name) failed: \(error)")
            }
            self.vm = nil
        }
        return .vmDestroyed
    }
}
