import AsyncHTTPClient
import Foundation
import Manifest
import ServerBenchSupport
import TestSupport

/// Where the servers of a configuration keep their jobs, and how many servers there are.
struct Configuration: Hashable {
    /// SQLite (one server) or PostgreSQL (any number).
    let postgres: Bool
    let servers: Int

    var label: String { "\(postgres ? "PostgreSQL" : "SQLite"), \(servers) server\(servers == 1 ? "" : "s")" }
}

/// What runs of a configuration measured, added up over the rounds.
struct ScaleOutcome {
    /// Submissions in the bursts.
    var jobs = 0
    /// The bursts' time.
    var seconds = 0.0
    /// Every dispatch latency.
    var latencies: [Duration] = []
    /// Jobs the runners took and ended after the bursts, and the time it took.
    var drained = 0
    var drainSeconds = 0.0
    /// The CPU the bursts used.
    var cpu = CPUSnapshot.zero

    /// Submissions per second.
    var rate: Double { Double(jobs) / seconds }
    /// The dispatch latencies' spread.
    var dispatch: LatencySummary { LatencySummary(latencies) }

    /// Both runs' figures together.
    static func + (a: ScaleOutcome, b: ScaleOutcome) -> ScaleOutcome {
        ScaleOutcome(
            jobs: a.jobs + b.jobs,
            seconds: a.seconds + b.seconds,
            latencies: a.latencies + b.latencies,
            drained: a.drained + b.drained,
            drainSeconds: a.drainSeconds + b.drainSeconds,
            cpu: a.cpu + b.cpu
        )
    }
}

/// One run of a configuration on fresh servers and a fresh database: a burst of submissions round
/// robin over the servers, the runners taking and ending every job so queued, then dispatch samples.
struct ScaleRun {
    let configuration: Configuration
    /// `sqlite` or a new PostgreSQL database's URL.
    let database: String
    /// PostgreSQL's postmaster, whose CPU time counts (nil on SQLite).
    let postmaster: Int32?
    let options: ScaleOptions
    let http: HTTPClient

    func run() async throws -> ScaleOutcome {
        let directory = try TemporaryDirectory()
        let fleet = try await ServerFleet.start(
            count: configuration.servers,
            database: database,
            runners: options.runners,
            http: http,
            in: directory
        )
        var outcome = ScaleOutcome()
        do {
            let before = CPUSnapshot.now(servers: fleet.processIdentifiers, postmaster: postmaster)
            let burst = try await SubmissionBurst(users: fleet.users, jobs: options.jobs, clients: options.clients)
                .run()
            outcome.cpu = CPUSnapshot.now(servers: fleet.processIdentifiers, postmaster: postmaster).since(before)
            (outcome.jobs, outcome.seconds) = (burst.jobs, burst.seconds)
            let drainStart = ContinuousClock.now
            outcome.drained = try await QueueDrain(runners: fleet.runners).run()
            outcome.drainSeconds = (ContinuousClock.now - drainStart).inSeconds
            let dispatch = DispatchRun(users: fleet.users, runners: fleet.runners, samples: options.samples)
            outcome.latencies = try await dispatch.run().sorted
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
        // The servers' files stay until they stopped.
        withExtendedLifetime(directory) {}
        return outcome
    }
}
