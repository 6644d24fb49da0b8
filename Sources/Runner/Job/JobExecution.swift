import Foundation
import HckCore
import Images
import Manifest
import NIOCore

/// One job's run: the state machine, the VM and the connection, and the loop that performs
/// the machine's actions.
struct JobExecution {
    let runner: JobRunner
    let request: JobRequest
    let events: any JobEvents
    let keepAlive: any KeepAliveHook
    let key = JobKey()
    let directory: URL
    let plan: Result<JobPlan, any Error>
    var machine: JobStateMachine<ContinuousClock>
    var vm: (any VirtualMachine)?
    var connection: GuestConnection?
    var reported: [TaskStatus]
    /// When the VM was asked to start.
    var vmStarted: ContinuousClock.Instant?
    /// From ``vmStarted`` to SSH answering, once it did (``JobOutcome/vmReady``).
    var vmReady: Duration?
    /// The job's outcome, once its tasks ended (``settleOutcome()``).
    var outcome: JobOutcome?
    /// Makes sure the outcome is reported once, by a kept VM's hold or at the end.
    let announcement = Once()

    init(runner: JobRunner, request: JobRequest, events: any JobEvents, keepAlive: any KeepAliveHook) {
        self.runner = runner
        self.request = request
        self.events = events
        self.keepAlive = keepAlive
        self.directory = runner.configuration.workDirectory.appendingPathComponent(String(request.id))
        let configuration = runner.configuration
        self.plan = Result { try JobPlan(request: request, configuration: configuration) }
        let whenDone = configuration.keepAlways ?? (request.manifest.shell ? configuration.shellKeepAlive : nil)
        self.machine = JobStateMachine(
            taskNames: request.manifest.tasks.map(\.name),
            setupSteps: (try? plan.get())?.steps.count ?? 0,
            timeout: min(configuration.jobTimeout, request.timeout ?? configuration.jobTimeout),
            keepAliveWhenDone: whenDone,
            keepAliveAfterFailure: configuration.keepAlways ?? configuration.failedKeepAlive,
            clock: ContinuousClock()
        )
        self.reported = machine.tasks.map(\.status)
    }

    mutating func run() async -> JobOutcome {
        await events.jobStatusChanged(to: .running)
        var action = Task.isCancelled ? machine.on(.cancelled) : machine.on(.start)
        while action != .finish {
            if action == .none {
                // Cannot happen: every action's event is one its phase accepts. Clean up anyway.
                await announceOutcome(settleOutcome())
                _ = await destroy()
                break
            }
            // The job's result is known before its VM goes or is kept: report it first, so whoever
            // waits for it (the user of `hck run`, the server, the triggers) is not held up by the
            // teardown or the keep. A kept VM reports it once it is reachable (holdForSSH), so that
            // its connect command is out before the result.
            if action == .destroyVM { await announceOutcome(settleOutcome()) }
            if case .runTask = action {
                action = await runTasks(from: action)
            } else {
                await perform(action, then: &action)
            }
        }
        let outcome = await settleOutcome()
        await announceOutcome(outcome)
        return outcome
    }

    /// The job's outcome, taken from the machine the first time it is asked for (the tasks have
    /// ended by then); later calls return that same outcome.
    mutating func settleOutcome() async -> JobOutcome {
        if let outcome { return outcome }
        await reportTaskChanges()
        let settled = JobOutcome(
            status: machine.status,
            message: machine.message,
            tasks: machine.tasks.map { record in
                let duration = record.started.flatMap { start in record.ended.map { start.duration(to: $0) } }
                return .init(name: record.name, status: record.status, duration: duration)
            },
            duration: machine.started.map { $0.duration(to: .now) } ?? .zero,
            vmReady: vmReady
        )
        outcome = settled
        return settled
    }

    /// Reports the job's final status and outcome (``JobEvents/jobEnded(_:)``), the first time only.
    func announceOutcome(_ outcome: JobOutcome) async {
        await Self.announce(outcome, to: events, once: announcement)
    }

    /// Reports `outcome` to `events` unless `once` already ran.
    static func announce(_ outcome: JobOutcome, to events: any JobEvents, once: Once) async {
        await once.once {
            if let message = outcome.message { await events.setupLine("hck: job \(outcome.status): \(message)") }
            await events.jobStatusChanged(to: outcome.status)
            await events.jobEnded(outcome)
        }
    }

    /// Performs an action, tells the machine what happened, and stores its next action.
    private mutating func perform(_ action: JobAction, then next: inout JobAction) async {
        await reportTaskChanges()
        let event: JobEvent
        switch action {
        case .bootVM: event = await boot()
        case .waitForSSH: event = await waitForSSH()
        case .runSetupStep(let index): event = await runSetupStep(index)
        case .runTask: event = .failed("internal error: a task outside the task shell")
        case .collectArtifacts: event = await collectArtifacts()
        case .keepAlive(let duration): event = await holdForSSH(duration)
        case .destroyVM: event = await destroy()
        case .finish, .none: event = .vmDestroyed
        }
        next = machine.on(event)
    }

    /// Tells the events what changed in the tasks' statuses since the last report.
    /// - Parameter starts: whether to report tasks that started, too; a task's header goes to the
    ///   setup log between the report of the one before it ending and its own start, so whoever
    ///   follows the logs sees the header before the task's status changes.
    mutating func reportTaskChanges(starts: Bool = true) async {
        for (index, task) in machine.tasks.enumerated() where task.status != reported[index] {
            if task.status == .running && !starts { continue }
            reported[index] = task.status
            await events.taskStatusChanged(task.name, to: task.status)
        }
    }

    /// The event for a step that did not finish normally.
    func interrupted<Value>(_ result: StepResult<Value>, failure: (any Error) -> String) -> JobEvent {
        if Task.isCancelled { return .cancelled }
        switch result {
        case .timedOut: return .deadlinePassed
        case .failure(let error): return .failed(failure(error))
        case .value: return .failed("internal error: an interrupted step had a value")
        }
    }
}
