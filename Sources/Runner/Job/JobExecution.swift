import Foundation
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
        var outcome: JobOutcome?
        while action != .finish {
            if action == .none {
                // Cannot happen: every action's event is one its phase accepts. Clean up anyway.
                if outcome == nil { outcome = await reportOutcome() }
                _ = await destroy()
                break
            }
            // The job's result is known before its VM goes: report it first, so whoever waits
            // for it (the user of `hck run`, the server) is not held up by the teardown.
            if action == .destroyVM, outcome == nil {
                outcome = await reportOutcome()
            }
            if case .runTask = action {
                action = await runTasks(from: action)
            } else {
                await perform(action, then: &action)
            }
        }
        if let outcome { return outcome }
        return await reportOutcome()
    }

    /// Reports the job's final status and outcome (``JobEvents/jobEnded(_:)``).
    private mutating func reportOutcome() async -> JobOutcome {
        await reportTaskChanges()
        let outcome = JobOutcome(
            status: machine.status,
            message: machine.message,
            tasks: machine.tasks.map { record in
                let duration = record.started.flatMap { start in record.ended.map { start.duration(to: $0) } }
                return .init(name: record.name, status: record.status, duration: duration)
            },
            duration: machine.started.map { $0.duration(to: .now) } ?? .zero
        )
        if let message = machine.message { await events.setupLine("hck: job \(machine.status): \(message)") }
        await events.jobStatusChanged(to: machine.status)
        await events.jobEnded(outcome)
        return outcome
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
