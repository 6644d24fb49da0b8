import Manifest

extension JobStateMachine {
    /// Takes in what happened and says what to do next.
    /// - Parameter event: what the I/O shell saw.
    /// - Returns: the next action.
    public mutating func on(_ event: JobEvent) -> JobAction {
        switch (phase, event) {
        case (.idle, .start):
            let now = clock.now
            started = now
            deadline = now.advanced(by: timeout)
            status = .running
            phase = .booting
            vmExists = true
            return .bootVM
        case (.idle, .cancelled):
            return end(.cancelled, "cancelled before it started")
        case (.booting, .vmBooted):
            phase = .connecting
            return .waitForSSH
        case (.connecting, .sshReady):
            return nextSetupStep(0)
        case (.setup(let index), .setupStepFinished(let succeeded, let failure)):
            guard succeeded else { return end(.failed, failure ?? "setup step \(index + 1) failed") }
            return nextSetupStep(index + 1)
        case (.task(let index), .taskFinished(let succeeded)):
            tasks[index].ended = clock.now
            tasks[index].status = succeeded ? .success : .failed
            guard succeeded else { return end(.failed, "task \(tasks[index].name) failed") }
            return nextTask(index + 1)
        case (.task(let index), .completeBuildFound):
            tasks[index].status = .skipped
            tasks[index].started = nil
            return afterTasks()
        case (.collectingArtifacts, .artifactsCollected(let failure)):
            if let failure { return end(.failed, failure) }
            status = .success
            return keepAliveOrDestroy()
        case (.keepingAlive, .keepAliveEnded), (.keepingAlive, .deadlinePassed), (.keepingAlive, .cancelled):
            phase = .destroying
            return .destroyVM
        case (.destroying, .vmDestroyed):
            phase = .finished
            return .finish
        case (let current, .failed(let why)) where !current.isWinding && current != .idle:
            return end(.failed, why)
        case (let current, .deadlinePassed) where !current.isWinding && current != .idle:
            return end(.timeout, "the job's deadline (\(timeout)) passed")
        case (let current, .cancelled) where !current.isWinding:
            return end(.cancelled, "cancelled")
        default:
            return .none
        }
    }

    private mutating func nextSetupStep(_ index: Int) -> JobAction {
        guard index < setupSteps else { return nextTask(0) }
        phase = .setup(index)
        return .runSetupStep(index)
    }

    private mutating func nextTask(_ index: Int) -> JobAction {
        guard index < tasks.count else { return afterTasks() }
        phase = .task(index)
        tasks[index].status = .running
        tasks[index].started = clock.now
        return .runTask(index)
    }

    private mutating func afterTasks() -> JobAction {
        skipPendingTasks()
        phase = .collectingArtifacts
        return .collectArtifacts
    }

    private mutating func keepAliveOrDestroy() -> JobAction {
        let keep = status == .success ? keepAliveWhenDone : status == .failed ? keepAliveAfterFailure : nil
        if let keep, vmExists, let deadline {
            phase = .keepingAlive
            return .keepAlive(min(keep, clock.now.duration(to: deadline)))
        }
        return destroyOrFinish()
    }

    private mutating func destroyOrFinish() -> JobAction {
        if vmExists {
            phase = .destroying
            return .destroyVM
        }
        phase = .finished
        return .finish
    }

    /// Ends the job with a status: the running task fails, the rest are skipped.
    private mutating func end(_ final: JobStatus, _ why: String) -> JobAction {
        let now = clock.now
        for index in tasks.indices where tasks[index].status == .running {
            tasks[index].status = .failed
            tasks[index].ended = now
        }
        skipPendingTasks()
        status = final
        message = why
        // Only a failure (not a timeout or a cancellation) earns the keep-alive for a look around.
        return final == .failed ? keepAliveOrDestroy() : destroyOrFinish()
    }

    private mutating func skipPendingTasks() {
        for index in tasks.indices where tasks[index].status == .pending {
            tasks[index].status = .skipped
        }
    }
}
