import Foundation
import HckCore
import Images
import Manifest
import NIOCore
import NIOSSH

extension JobExecution {
    /// Runs the tasks, from `first` on for as long as the machine asks for the next one, through
    /// one ``TaskShell`` in one session channel, and returns the machine's first action that is
    /// not a task.
    ///
    /// The job's deadline and cancellation close the whole connection (OpenSSH keeps a session
    /// channel open until its command exits, so closing just the channel would wait for the task);
    /// the machine then hears `deadlinePassed` or `cancelled`.
    mutating func runTasks(from first: JobAction) async -> JobAction {
        guard let connection else { return machine.on(.failed("internal error: no connection for the tasks")) }
        let deadline = machine.deadline!
        var action = first
        var failure: (any Error)?
        await withTaskGroup(of: Void.self) { watchdog in
            watchdog.addTask {
                guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
                connection.closeNow()
            }
            do {
                try await withTaskCancellationHandler {
                    try await runTaskShell(on: connection, from: &action)
                } onCancel: {
                    connection.closeNow()
                }
            } catch {
                failure = error
            }
            watchdog.cancelAll()
        }
        guard let failure, case .runTask(let index) = action else { return action }
        let name = request.manifest.tasks[index].name
        let result: StepResult<Void> = ContinuousClock.now >= deadline ? .timedOut : .failure(failure)
        return machine.on(interrupted(result) { "task \(name) could not run: \($0)" })
    }

    /// Starts the task shell and runs tasks in it while `action` is a task; then ends the shell.
    /// Its output comes through the VM's ``TaskLogChannel`` when there is one (and through its SSH
    /// session otherwise), merged with the session's by ``TaskShellOutput``.
    private mutating func runTaskShell(on connection: GuestConnection, from action: inout JobAction) async throws {
        let logChannel = await connectLogChannel()
        let session: NIOAsyncChannel<CommandOutput, ByteBuffer>
        do {
            session = try await connection.openSession()
        } catch {
            try? await logChannel?.channel.channel.close()
            throw error
        }
        let program = TaskShell.command(user: runner.configuration.user, logChannel: logChannel != nil)
        let output = TaskShellOutput(channel: logChannel != nil)
        try await session.executeThenClose { inbound, outbound in
            try await session.channel.triggerUserOutboundEvent(
                SSHChannelRequestEvent.ExecRequest(command: program, wantReply: false)
            ).get()
            try await withThrowingTaskGroup(of: Void.self) { pumps in
                pumps.addTask {
                    do {
                        for try await piece in inbound {
                            if case .exit = piece { await output.channelDrained() }
                            await output.send(piece)
                        }
                        await output.sessionEnded()
                    } catch {
                        await output.sessionEnded(error)
                    }
                }
                if let logChannel {
                    pumps.addTask { try await Self.pump(logChannel, into: output) }
                }
                var failure: (any Error)?
                do {
                    try await runTasks(in: output, input: outbound, from: &action)
                } catch {
                    failure = error
                }
                pumps.cancelAll()
                await output.close()
                if let failure { throw failure }
            }
        }
    }

    /// Runs tasks while `action` is a task, then ends the shell's input and passes what it printed
    /// after the last task to the setup log.
    private mutating func runTasks(
        in output: TaskShellOutput,
        input: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        from action: inout JobAction
    ) async throws {
        while case .runTask(let index) = action {
            let event = try await runTask(request.manifest.tasks[index], output: output, input: input)
            action = machine.on(event)
        }
        input.finish()
        while let piece = try await output.next() {
            switch piece {
            case .stdout(let bytes), .stderr(let bytes): await events.setupLog(bytes)
            case .exit: return
            }
        }
    }

    /// Connects the VM's log channel, or says in the setup log why the task output comes through SSH.
    private func connectLogChannel() async -> TaskLogChannel? {
        guard let path = vm?.logChannel else { return nil }
        do {
            return try await TaskLogChannel.connect(path)
        } catch {
            await events.setupLine("hck: the VM's log channel cannot be used (\(error)); task output comes through SSH")
            return nil
        }
    }

    /// Sends the greeting, then passes what the guest writes to the channel on as standard output,
    /// until the group is cancelled (the channel does not end while the guest runs).
    private static func pump(_ logChannel: TaskLogChannel, into output: TaskShellOutput) async throws {
        try await logChannel.channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: TaskLogChannel.greeting + "\n"))
            var bytes = inbound.makeAsyncIterator()
            while true {
                await output.channelIsWaiting(true)
                guard let piece = try await bytes.next() else { break }
                await output.send(.stdout(piece), fromChannel: true)
                if piece.readableBytes < TaskLogChannel.smallPiece {
                    try await Task.sleep(for: TaskLogChannel.piecePause)
                }
            }
        }
    }

    /// Runs one task in the shell and streams its log; throws when the shell ends before the task.
    private mutating func runTask(
        _ task: BuildTask,
        output: TaskShellOutput,
        input: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws -> JobEvent {
        await reportTaskChanges(starts: false)
        await events.setupLine(TaskHeader.line(task.name))
        await reportTaskChanges()
        let marker = TaskShell.newMarker()
        var scanner = TaskEndScanner(marker: marker)
        try await input.write(ByteBuffer(string: TaskShell.request(task: task.name, marker: marker)))
        var end: TaskEndScanner.End?
        while end == nil, let piece = try await output.next() {
            switch piece {
            case .stdout(let bytes):
                for part in scanner.scan(bytes) {
                    switch part {
                    case .output(let printed): await events.taskLog(task.name, printed)
                    case .ended(let how): end = how
                    case .after(let late): await events.setupLog(late)
                    }
                }
            case .stderr(let bytes):
                await events.setupLog(bytes)
            case .exit(let how):
                throw GuestSSHError(.connectionClosed, "the task shell ended (\(how)) before the task did")
            }
        }
        try Task.checkCancellation()
        switch end {
        case .completeBuild:
            await events.setupLine("hck: an earlier task called complete-build: \(task.name) and the rest are skipped")
            return .completeBuildFound
        case .exited(0):
            return .taskFinished(succeeded: true)
        case .exited(let status):
            await events.taskLog(
                task.name,
                ByteBuffer(string: "\nhck: task \(task.name) ended with exit status \(status)\n")
            )
            return .taskFinished(succeeded: false)
        case nil:
            throw GuestSSHError(.connectionClosed, "the task shell's channel closed before the task ended")
        }
    }
}
