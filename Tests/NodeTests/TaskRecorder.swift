import Foundation
import TestSupport

/// Where jobs' tasks say that they run, seen from outside the job's log: each task posts
/// `JOB TASK start` when it begins and `JOB TASK end` before it ends to a listener on this host's
/// loopback, which guests reach at 10.0.2.2 through the runners' `--guest-forward`. A task that ran
/// twice (in two VMs, or twice in one) posted its start twice, whatever its job's log says.
struct TaskRecorder: Sendable {
    /// What the listener heard, in order.
    actor Record {
        private(set) var lines: [String] = []

        func note(_ line: String) { lines.append(line) }

        /// How often the job's task posted `event` (start or end).
        func count(job: Int64, task: String, event: String) -> Int {
            lines.filter { $0 == "\(job) \(task) \(event)" }.count
        }
    }

    /// The listener's port on 127.0.0.1.
    let port: Int
    let record: Record

    /// The runner flag that lets guests reach the listener.
    var guestForward: [String] { ["--guest-forward", "recorder=127.0.0.1:\(port)"] }

    /// The shell line a task runs to post `event` (its failure fails the task: nothing goes unseen).
    func post(task: String, event: String) -> String {
        "curl -fsS -m 20 --data \"$JOB_ID \(task) \(event)\" http://10.0.2.2:\(port)/hook"
    }

    /// Runs `body` while the listener records.
    static func with<T: Sendable>(_ body: (TaskRecorder) async throws -> T) async throws -> T {
        try await WebhookListener.with { listener in
            let record = Record()
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await received in listener.received {
                        await record.note(String(decoding: received.body, as: UTF8.self))
                    }
                }
                defer { group.cancelAll() }
                return try await body(TaskRecorder(port: listener.port, record: record))
            }
        }
    }
}
