import Manifest
import Runner
import Testing

/// The job lifecycle without I/O: every path from start to finish.
@Suite struct JobStateMachineTests {
    let clock = ManualClock()

    private func machine(
        tasks: [String] = ["a", "b", "c"],
        setup: Int = 2,
        keepWhenDone: Duration? = nil,
        keepAfterFailure: Duration? = nil
    ) -> JobStateMachine<ManualClock> {
        JobStateMachine(
            taskNames: tasks,
            setupSteps: setup,
            timeout: .seconds(600),
            keepAliveWhenDone: keepWhenDone,
            keepAliveAfterFailure: keepAfterFailure,
            clock: clock
        )
    }

    private func statuses(_ machine: JobStateMachine<ManualClock>) -> [TaskStatus] {
        machine.tasks.map(\.status)
    }

    @Test func runsEveryStepInOrderToSuccess() {
        var job = machine()
        #expect(job.on(.start) == .bootVM)
        #expect(job.status == .running)
        #expect(job.on(.vmBooted) == .waitForSSH)
        #expect(job.on(.sshReady) == .runSetupStep(0))
        #expect(job.on(.setupStepFinished(succeeded: true, message: nil)) == .runSetupStep(1))
        #expect(job.on(.setupStepFinished(succeeded: true, message: nil)) == .runTask(0))
        #expect(statuses(job) == [.running, .pending, .pending])
        clock.advance(by: .seconds(3))
        #expect(job.on(.taskFinished(succeeded: true)) == .runTask(1))
        #expect(job.tasks[0].started.map { $0.duration(to: job.tasks[0].ended!) } == .seconds(3))
        #expect(job.on(.taskFinished(succeeded: true)) == .runTask(2))
        #expect(job.on(.taskFinished(succeeded: true)) == .collectArtifacts)
        #expect(job.on(.artifactsCollected(failure: nil)) == .destroyVM)
        #expect(job.on(.vmDestroyed) == .finish)
        #expect(job.status == .success)
        #expect(statuses(job) == [.success, .success, .success])
    }

    @Test func aFailingTaskSkipsTheRestAndFailsTheJob() {
        var job = machine(setup: 0)
        _ = job.on(.start)
        _ = job.on(.vmBooted)
        #expect(job.on(.sshReady) == .runTask(0))
        #expect(job.on(.taskFinished(succeeded: false)) == .destroyVM)
        #expect(job.status == .failed)
        #expect(job.message == "task a failed")
        #expect(statuses(job) == [.failed, .skipped, .skipped])
        #expect(job.on(.vmDestroyed) == .finish)
    }

    @Test func completeBuildSkipsTheRestWithSuccess() {
        var job = machine(setup: 0)
        _ = job.on(.start)
        _ = job.on(.vmBooted)
        _ = job.on(.sshReady)
        #expect(job.on(.taskFinished(succeeded: true)) == .runTask(1))
        #expect(job.on(.completeBuildFound) == .collectArtifacts)
        #expect(statuses(job) == [.success, .skipped, .skipped])
        #expect(job.tasks[1].started == nil, "the task that found complete-build never ran")
        #expect(job.on(.artifactsCollected(failure: nil)) == .destroyVM)
        #expect(job.status == .success)
    }

    @Test func aMissingArtifactFailsTheJobWithItsMessage() {
        var job = machine(tasks: ["a"], setup: 0)
        _ = job.on(.start)
        _ = job.on(.vmBooted)
        _ = job.on(.sshReady)
        _ = job.on(.taskFinished(succeeded: true))
        #expect(job.on(.artifactsCollected(failure: "artifact out.txt does not exist")) == .destroyVM)
        #expect(job.status == .failed)
        #expect(job.message == "artifact out.txt does not exist")
    }

    @Test(arguments: [JobEvent.deadlinePassed, .cancelled])
    func deadlineAndCancellationEndTheJobAtEveryStep(event: JobEvent) {
        let expected: JobStatus = event == .cancelled ? .cancelled : .timeout
        let leadIns: [[JobEvent]] = [
            [.start],
            [.start, .vmBooted],
            [.start, .vmBooted, .sshReady],
            [
                .start, .vmBooted, .sshReady, .setupStepFinished(succeeded: true, message: nil),
                .setupStepFinished(succeeded: true, message: nil),
            ],
        ]
        for leadIn in leadIns {
            var job = machine()
            for step in leadIn { _ = job.on(step) }
            #expect(job.on(event) == .destroyVM)
            #expect(job.status == expected)
            #expect(job.on(.taskFinished(succeeded: true)) == .none)
            #expect(job.on(.vmDestroyed) == .finish)
            #expect(job.status == expected)
            #expect(job.tasks.allSatisfy { $0.status == .failed || $0.status == .skipped })
        }
        var notStarted = machine()
        if event == .cancelled {
            #expect(notStarted.on(.cancelled) == .finish)
            #expect(notStarted.status == .cancelled)
        }
    }

    @Test func cancellingDuringATaskFailsItAndSkipsTheRest() {
        var job = machine(setup: 0)
        _ = job.on(.start)
        _ = job.on(.vmBooted)
        _ = job.on(.sshReady)
        _ = job.on(.taskFinished(succeeded: true))
        #expect(job.on(.cancelled) == .destroyVM)
        #expect(statuses(job) == [.success, .failed, .skipped])
    }

    @Test func keepsTheVMWhenAskedAndAfterAFailureButNotPastTheDeadline() {
        var shell = machine(tasks: ["a"], setup: 0, keepWhenDone: .seconds(60))
        _ = shell.on(.start)
        _ = shell.on(.vmBooted)
        _ = shell.on(.sshReady)
        _ = shell.on(.taskFinished(succeeded: true))
        #expect(shell.on(.artifactsCollected(failure: nil)) == .keepAlive(.seconds(60)))
        #expect(shell.on(.keepAliveEnded) == .destroyVM)
        #expect(shell.status == .success)

        var failed = machine(tasks: ["a"], setup: 0, keepAfterFailure: .seconds(900))
        _ = failed.on(.start)
        clock.advance(by: .seconds(500))
        _ = failed.on(.vmBooted)
        _ = failed.on(.sshReady)
        #expect(failed.on(.taskFinished(succeeded: false)) == .keepAlive(.seconds(100)))
        #expect(failed.on(.deadlinePassed) == .destroyVM)
        #expect(failed.status == .failed)
    }

    @Test func aBootOrSSHFailureFailsTheJobAndStillDestroysTheVM() {
        var job = machine()
        _ = job.on(.start)
        #expect(job.on(.failed("the domain did not start")) == .destroyVM)
        #expect(job.status == .failed)
        #expect(job.message == "the domain did not start")
        #expect(statuses(job) == [.skipped, .skipped, .skipped])
    }
}
