import Client
import Foundation
import Manifest
import Wire

/// A runner node as the server sees it during a job's output: it holds one job and appends to its
/// setup log at full speed through `POST /api/runner/jobs/:id/log` with offsets, one chunk at a
/// time as LogUplink sends them, then reports the tasks and the job's end.
struct EmulatedRunner: Sendable {
    let client: APIClient
    let job: Int64
    let tasks: [String]

    /// Appends `chunkSize`-byte chunks until `bytes` are stored or `deadline` passes; the log's length
    /// the server acknowledged last, and how many chunks it took.
    func append(bytes: Int, chunkSize: Int, until deadline: ContinuousClock.Instant) async throws -> Appended {
        var appended = Appended()
        while appended.length < bytes, ContinuousClock.now < deadline {
            let chunk = StampedChunk.make(size: min(chunkSize, bytes - appended.length))
            appended.length = try await client.appendLog(job, task: nil, chunk.data, offset: appended.length)
            appended.chunks += 1
        }
        return appended
    }

    /// What a runner appended.
    struct Appended: Sendable {
        /// The log's length the server acknowledged last.
        var length = 0
        /// The chunks (each with its stamp).
        var chunks = 0
    }

    /// Reports every task done and the job a success, so followers reach the end.
    func finish() async throws {
        for task in tasks { try await client.updateTask(job, task: task, status: .success) }
        _ = try await client.finish(job, status: .success)
    }
}
