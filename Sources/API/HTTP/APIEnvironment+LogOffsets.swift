import Foundation
import Hummingbird

/// Log offsets of the runner protocol: where a job's logs end when a runner takes it, and where an
/// appended chunk says it starts.
extension APIEnvironment {
    /// Where the setup log and each task's log of `job` end now.
    /// - Parameter job: the job being handed out.
    func logEnds(of job: Job) async throws -> [LogEnd] {
        var ends = [LogEnd(task: nil, length: try await store.logLength(id: job.id, task: nil))]
        for task in job.tasks {
            ends.append(LogEnd(task: task.name, length: try await store.logLength(id: job.id, task: task.name)))
        }
        return ends
    }

    /// The `offset` of `POST /api/runner/jobs/:id/log`: the byte of the log the chunk starts at, or nil
    /// when the request does not say (the chunk then goes at the log's end, as old runners expect).
    /// - Parameter request: the append.
    /// - Throws: a 400 naming the value when it is not a whole number of bytes.
    func logOffset(of request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters.get("offset") else { return nil }
        guard let offset = Int(text), offset >= 0 else {
            throw APIError(
                .badRequest,
                "offset '\(text)' is not a byte position in the log (a whole number, 0 or more)"
            )
        }
        return offset
    }
}
