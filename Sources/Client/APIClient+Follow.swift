public import Foundation
import HckCore
public import Manifest
import Wire

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
        var setupOffset = 0
        for log in logs {
            var offset = 0
            // Following everything, the setup log so far comes before a task's own log once the
            // task has started or been skipped: the runner writes a task's header there first.
            var setupShown = log == nil || task != nil
            while true {
                let chunk = try await self.log(id, task: log, offset: offset, wait: 30)
                if !setupShown, chunk.taskStatus != .pending || !chunk.data.isEmpty || chunk.jobStatus.isFinal {
                    setupShown = true
                    setupOffset += try await printWhatIsThere(id, task: nil, from: setupOffset, output)
                }
                if !chunk.data.isEmpty { output(chunk.data) }
                offset += chunk.data.count
                if !chunk.data.isEmpty { continue }
                var ended = chunk.jobStatus.isFinal
                if let status = chunk.taskStatus, status != .pending, status != .running { ended = true }
                if !ended, log == nil {
                    ended = try await self.job(id).tasks.contains(where: { $0.status != .pending })
                }
                guard ended else { continue }
                // The server read the log's length before the status: bytes appended between the two
                // reads (just before the status changed) are read once more before moving on.
                offset += try await printWhatIsThere(id, task: log, from: offset, output)
                break
            }
            if log == nil { setupOffset = offset }
        }
        // After the tasks the setup log grows again (artifacts, a kept VM's ssh command, SSH
        // sessions): following everything, show it to the end; one task's log waits quietly.
        var offset = task == nil ? setupOffset : Int.max / 2
        var status = try await self.job(id).status
        while true {
            let chunk = try await self.log(id, task: nil, offset: offset, wait: status.isFinal ? 0 : 30)
            if task == nil {
                if !chunk.data.isEmpty { output(chunk.data) }
                offset += chunk.data.count
            }
            if status.isFinal && chunk.data.isEmpty { break }
            status = chunk.jobStatus
        }
        return status
    }

    /// Hands `output` what a log holds from `offset` on, in as many answers as it takes (the server
    /// answers at most 4 MiB at a time), without waiting for more; returns how many bytes.
    /// - Parameters:
    ///   - id: the job.
    ///   - task: the task, or nil for the setup log.
    ///   - offset: the first byte wanted.
    ///   - output: receives each piece.
    public func printWhatIsThere(_ id: Int64, task: String?, from offset: Int, _ output: (Data) -> Void) async throws
        -> Int
    {
        var read = 0
        while true {
            let chunk = try await log(id, task: task, offset: offset + read, wait: 0)
            guard !chunk.data.isEmpty else { return read }
            output(chunk.data)
            read += chunk.data.count
        }
    }
}
