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
        for (index, log) in logs.enumerated() {
            var offset = 0
            // Following everything, the setup log so far comes before a task's own log once the
            // task has started or been skipped: the runner writes a task's header there first. It
            // is shown up to this task's header (or the next one's), and what follows waits for
            // this task's log: a follower that falls behind may find more of the job there already.
            var setupShown = log == nil || task != nil
            let cut = task == nil ? SetupLogCut(following: index, of: job.tasks) : nil
            while true {
                let chunk = try await self.log(id, task: log, offset: offset, wait: 30)
                if !setupShown, chunk.taskStatus != .pending || !chunk.data.isEmpty || chunk.jobStatus.isFinal {
                    setupShown = true
                    setupOffset += try await printWhatIsThere(
                        id,
                        task: nil,
                        from: setupOffset,
                        upTo: cut,
                        output
                    )
                }
                if log == nil, let end = cut?.end(in: chunk.data) {
                    // The setup phase ends with the first task's header: its log comes next.
                    output(chunk.data.prefix(end))
                    offset += end
                    break
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
                offset += try await printWhatIsThere(
                    id,
                    task: log,
                    from: offset,
                    upTo: log == nil ? cut : nil,
                    output
                )
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
    ///   - cut: where in the setup log to stop (after a task's header), or nil for the log's end.
    ///   - output: receives each piece.
    public func printWhatIsThere(
        _ id: Int64,
        task: String?,
        from offset: Int,
        upTo cut: SetupLogCut? = nil,
        _ output: (Data) -> Void
    ) async throws -> Int {
        var read = 0
        while true {
            let chunk = try await log(id, task: task, offset: offset + read, wait: 0)
            guard !chunk.data.isEmpty else { return read }
            if let end = cut?.end(in: chunk.data) {
                output(chunk.data.prefix(end))
                return read + end
            }
            output(chunk.data)
            read += chunk.data.count
        }
    }
}

/// Where a follower of all of a job's logs stops showing the setup log before a task's own log:
/// right after that task's header (``TaskHeader``), or, when it was shown already, just before the
/// next task's header.
public struct SetupLogCut: Sendable {
    /// The followed task's header line, with its newline.
    let own: Data
    /// The next task's header line, with its newline.
    let next: Data?

    /// The cut for the log at `index` of a follower's logs (0: the setup log, which stands for the
    /// first task; then each task), or nil when there is no task to cut at.
    init?(following index: Int, of tasks: [JobView.TaskView]) {
        let task = max(0, index - 1)
        guard task < tasks.count else { return nil }
        own = Self.header(tasks[task].name)
        next = task + 1 < tasks.count ? Self.header(tasks[task + 1].name) : nil
    }

    /// A task's header line as the setup log holds it, with its newline.
    private static func header(_ name: String) -> Data {
        Data((TaskHeader.line(name) + "\n").utf8)
    }

    /// How many bytes of `data` (setup log) come before the cut, or nil when the cut is not in it.
    func end(in data: Data) -> Int? {
        if let range = data.firstRange(of: own) { return range.upperBound - data.startIndex }
        if let next, let range = data.firstRange(of: next) { return range.lowerBound - data.startIndex }
        return nil
    }
}
