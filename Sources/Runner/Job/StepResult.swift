/// What came of one step the I/O shell ran under the job's deadline.
enum StepResult<Value: Sendable>: Sendable {
    /// It finished with a value.
    case value(Value)
    /// It failed.
    case failure(any Error)
    /// The deadline passed first; the step was cancelled.
    case timedOut
}

/// Runs one step of a job, racing the job's deadline; the step is cancelled when the deadline
/// passes and, like everything else, when the calling task is cancelled.
/// - Parameters:
///   - deadline: the job's deadline.
///   - work: the step.
func racingDeadline<Value: Sendable>(
    _ deadline: ContinuousClock.Instant,
    _ work: @escaping @Sendable () async throws -> Value
) async -> StepResult<Value> {
    await withTaskGroup(of: StepResult<Value>?.self) { group in
        group.addTask {
            do {
                return .value(try await work())
            } catch {
                return .failure(error)
            }
        }
        group.addTask {
            do {
                try await Task.sleep(until: deadline, clock: .continuous)
                return .timedOut
            } catch {
                return nil
            }
        }
        var result: StepResult<Value>?
        while result == nil, let next = await group.next() {
            result = next
        }
        group.cancelAll()
        // The other child still ends before the group returns: a step that produced a VM
        // while the deadline passed is still reported, so the VM is destroyed, not leaked.
        for await late in group {
            if case .value = late { result = late }
        }
        return result ?? .failure(CancellationError())
    }
}
