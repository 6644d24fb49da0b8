import Foundation
import Manifest

extension APIClient {
    /// Streams a job's logs as they grow (the setup log, then each task's in order, or one task's),
    /// by long-polls that the server answers as soon as there is more; returns the job's final status.
    /// - Parameters:
    ///   - id: the job.
    ///   - task: only this task's log, or nil for all of them.
    ///   - output: receives each new chunk.
    public func follow(_ id: Int64, task: String?, output: (Data) -> Void) async throws -> JobStatus {
        let job = try await self.job(id)
        let logs: [String?] = task.map { [$0] } ?? [nil] + job.tasks.map(\.name)
        for log in logs {
            var offset = 0
            while true {
                let chunk = try await self.log(id, task: log, offset: offset, wait: 30)
                if !chunk.data.isEmpty { output(chunk.data) }
                offset = max(offset + chunk.data.count, chunk.length)
                if !chunk.data.isEmpty { continue }
                if chunk.jobStatus.isFinal { break }
                if let status = chunk.taskStatus, status != .pending, status != .running { break }
                if log == nil, try await self.job(id).tasks.contains(where: { $0.status != .pending }) { break }
            }
        }
        var status = try await self.job(id).status
        while !status.isFinal {
            status = try await self.log(id, task: nil, offset: Int.max / 2, wait: 30).jobStatus
        }
        return status
    }
}
