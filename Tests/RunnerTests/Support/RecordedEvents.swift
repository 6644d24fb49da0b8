import Manifest
import NIOCore
import Runner

/// Records a job's statuses as they change, for tests to wait on and check.
actor RecordedEvents: JobEvents {
    private(set) var taskStatuses: [String: [TaskStatus]] = [:]
    private(set) var jobStatuses: [JobStatus] = []
    private(set) var setup = ""

    func setupLog(_ bytes: ByteBuffer) async {
        setup += String(buffer: bytes)
    }
    func taskLog(_ task: String, _ bytes: ByteBuffer) async {}

    func taskStatusChanged(_ task: String, to status: TaskStatus) async {
        taskStatuses[task, default: []].append(status)
    }

    func jobStatusChanged(to status: JobStatus) async {
        jobStatuses.append(status)
    }

    /// Waits until the setup log shows `text` (or the job ended).
    func waitForSetup(_ text: String) async throws {
        while !setup.contains(text), !(jobStatuses.last?.isFinal ?? false) {
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Waits until a task is running (or the job ended).
    func waitUntilRunning(_ task: String) async throws {
        while taskStatuses[task]?.last != .running, !(jobStatuses.last?.isFinal ?? false) {
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
