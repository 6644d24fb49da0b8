import Foundation
import Images
public import Logging
import Manifest

/// Runs jobs on this machine: one VM per job, through a ``VMDriver``.
///
/// The lifecycle is ``JobStateMachine``; this is the thin I/O shell around it. Every path
/// (success, failure, deadline, cancellation, runner shutdown) ends by destroying the VM and
/// its overlay: the loop only leaves through the machine's ``JobAction/finish``, and the
/// machine only gets there through ``JobAction/destroyVM`` once a VM may exist.
public struct JobRunner: Sendable {
    /// Boots and destroys VMs.
    public let driver: any VMDriver
    /// Sizes, limits and folders.
    public let configuration: RunnerConfiguration
    /// Where the runner reports what it does (not job logs: those go to ``JobEvents``).
    public let logger: Logger

    /// A runner.
    /// - Parameters:
    ///   - driver: the VM driver.
    ///   - configuration: sizes, limits and folders.
    ///   - logger: the runner's own log.
    public init(driver: any VMDriver, configuration: RunnerConfiguration, logger: Logger = Logger(label: "hck.runner"))
    {
        self.driver = driver
        self.configuration = configuration
        self.logger = logger
    }

    /// Removes what a crashed runner left behind (domains named `hck-job-*`, their overlays) and
    /// logs it; call once when the runner starts.
    /// - Returns: what was removed.
    @discardableResult
    public func removeLeftovers() async throws -> Leftovers {
        let leftovers = try await driver.removeLeftovers()
        if !leftovers.inUse.isEmpty {
            logger.warning(
                "job VMs in this runner's folder belong to another live process (two runners on one --work-dir?); left alone",
                metadata: ["domains": .string(leftovers.inUse.joined(separator: ", "))]
            )
        }
        if leftovers.isEmpty {
            logger.info("no leftover job VMs")
        } else {
            logger.notice(
                "removed leftovers of an earlier runner",
                metadata: [
                    "domains": .string(leftovers.domains.joined(separator: ", ")),
                    "overlays": .string(leftovers.overlays.joined(separator: ", ")),
                ]
            )
        }
        return leftovers
    }

    /// Runs one job to its end and reports as it goes.
    ///
    /// Cancelling the calling task cancels the job: the running step stops, the VM is destroyed
    /// and the outcome is `cancelled`.
    /// - Parameters:
    ///   - request: the job.
    ///   - events: where logs and statuses go, with the request's secrets masked in the logs.
    ///   - keepAlive: what holds a VM kept for SSH.
    /// - Returns: how the job ended.
    public func run(
        _ request: JobRequest,
        events: any JobEvents,
        keepAlive: any KeepAliveHook = TimedKeepAlive()
    ) async -> JobOutcome {
        // Every sink (log files, the terminal, the server) sees the output with the secrets masked.
        let masked = MaskedJobEvents.wrapping(events, secrets: request.secrets)
        var execution = JobExecution(runner: self, request: request, events: masked, keepAlive: keepAlive)
        return await execution.run()
    }
}
