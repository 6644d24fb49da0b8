import Client
import Foundation
import Logging
import Manifest
import Wire

/// Sends one job's log chunks and task statuses to the server, in order, batched, with bounded
/// memory.
///
/// The job appends (``append(_:)``); one sender (``run()``, a child task of the job's session)
/// sends. Consecutive bytes of one log are merged into a chunk of up to ``Limits/batchBytes``, and
/// a small chunk waits up to ``Limits/flushInterval`` for more (less once a whole batch is queued),
/// so a task printing fast costs a request per batch, not per line, and never waits on the timer.
/// When ``Limits/bufferBytes`` wait unsent, ``append(_:)`` waits: a slow or restarting server slows
/// the guest down (the task output's flow control) and nothing is dropped. Sends are
/// retried while the server is unreachable; a 410 means the server took the job back
/// (``lost``), and then everything is dropped.
///
/// Each chunk says where in its log it starts: the uplink keeps, per log, the length the server last
/// acknowledged (from the job's assignment at first, so a requeued job's setup log goes on after what
/// the earlier runner wrote), and goes on from the length each answer gives. A chunk the server
/// stored but whose answer was lost is sent again at the same offset, and the server keeps it once.
actor LogUplink {
    /// How big batches and the buffer are, and how long a small batch waits.
    struct Limits: Sendable {
        /// The largest chunk sent in one request. Each request costs the server the same work
        /// whatever its size (authentication, reading the job, a transaction, waking followers),
        /// so a chatty task's log goes in large pieces; a quiet one still goes every
        /// ``flushInterval``.
        var batchBytes = 512 * 1024
        /// How many unsent bytes the job may run ahead of the server.
        var bufferBytes = 4 * 1024 * 1024
        /// How long a chunk smaller than a batch waits for more bytes.
        var flushInterval: Duration = .milliseconds(200)
        /// How long the server may leave a chunk unanswered before it is sent again (at the same
        /// offset, so harmlessly): a runner's report timeout, so that an answer lost on the way
        /// does not hold the log for the 330 s a long-poll may wait.
        var answerTimeout: Duration = APIClient.reportTimeout
    }

    /// What the job reported.
    enum Item: Sendable {
        /// Bytes of the setup log (task nil) or a task's log.
        case log(task: String?, Data)
        /// A task's new status.
        case taskStatus(task: String, TaskStatus)

        var size: Int {
            if case .log(_, let bytes) = self { return bytes.count }
            return 0
        }
    }

    private let client: APIClient
    private let job: Int64
    /// Per log (nil: the setup log), the length the server acknowledged: where the next chunk starts.
    private var logEnds: [String?: Int]
    private let limits: Limits
    /// Where the bytes the server acknowledged are counted.
    private let metrics: RunnerMetrics
    private let logger: Logger
    private var queue: [Item] = []
    private var queuedBytes = 0
    private var closed = false
    private var stopped = false
    /// Why the server no longer accepts this job's reports, once it said so.
    private(set) var lost: String?
    private var roomWaiters: [CheckedContinuation<Void, Never>] = []
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    private var flushWaiters: [CheckedContinuation<Void, Never>] = []
    private var delivering = false
    /// Ends the sender's wait for more bytes early (a whole batch is queued, or a flush or the close
    /// wants everything now); set while it waits.
    private var lingerEnd: AsyncStream<Void>.Continuation?
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// Creates the uplink of a job a runner took.
    /// - Parameters:
    ///   - client: the server.
    ///   - assignment: the job, and where its logs end on the server.
    ///   - limits: batch and buffer sizes.
    ///   - metrics: where the bytes sent are counted (the node's).
    ///   - logger: where failures are reported.
    init(client: APIClient, assignment: Assignment, limits: Limits, metrics: RunnerMetrics, logger: Logger) {
        self.client = client
        self.job = assignment.job.id
        self.logEnds = Dictionary((assignment.logEnds ?? []).map { ($0.task, $0.length) }) { $1 }
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
        let (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wakeups = wakeups
        self.wake = wake
    }

    /// Queues an item, first waiting while the buffer is full.
    func append(_ item: Item) async {
        while queuedBytes >= limits.bufferBytes, !stopped {
            await withCheckedContinuation { roomWaiters.append($0) }
        }
        guard !stopped else { return }
        if case .log(let task, let bytes) = item, mergesIntoLast(task: task, count: bytes.count),
            case .log(_, var last) = queue.removeLast()
        {
            // Taken out of the queue, the batch's bytes have one owner and grow in place.
            last.append(bytes)
            queue.append(.log(task: task, last))
        } else {
            queue.append(item)
        }
        queuedBytes += item.size
        if queuedBytes >= limits.batchBytes { lingerEnd?.yield() }
        wake.yield()
    }

    /// Whether `count` more bytes of `task`'s log join the last queued batch.
    private func mergesIntoLast(task: String?, count: Int) -> Bool {
        guard case .log(let lastTask, let last)? = queue.last else { return false }
        return lastTask == task && last.count + count <= limits.batchBytes
    }

    /// Says no more items come, and returns once all were sent (or the job was lost).
    func close() async {
        closed = true
        wake.yield()
        lingerEnd?.yield()
        guard !stopped else { return }
        await withCheckedContinuation { drainWaiters.append($0) }
    }

    /// Returns once everything appended so far was sent (or the job was lost), without waiting out
    /// the batching delay; later appends are sent as before.
    func flush() async {
        guard !stopped, !queue.isEmpty || delivering else { return }
        wake.yield()
        lingerEnd?.yield()
        await withCheckedContinuation { flushWaiters.append($0) }
    }

    /// Sends until closed and drained, lost, or cancelled.
    func run() async {
        var iterator = wakeups.makeAsyncIterator()
        var lingered = false
        while !Task.isCancelled, lost == nil {
            guard let head = queue.first else {
                resume(&flushWaiters)
                if closed { break }
                if await iterator.next() == nil { break }
                continue
            }
            if !lingered, !closed, flushWaiters.isEmpty, queuedBytes < limits.batchBytes, case .log = head {
                await linger()
                lingered = true
                continue
            }
            lingered = false
            // Another append may have merged into the head while this slept: take it as it is now.
            let item = queue.removeFirst()
            queuedBytes -= item.size
            resume(&roomWaiters)
            delivering = true
            await deliver(item)
            delivering = false
        }
        stopped = true
        queue.removeAll()
        queuedBytes = 0
        resume(&roomWaiters)
        resume(&drainWaiters)
        resume(&flushWaiters)
    }

    /// Waits up to ``Limits/flushInterval`` for more log bytes; less once a whole batch is queued or a
    /// flush or the close wants everything now (a guest printing faster than a batch per interval
    /// would otherwise fill the buffer and wait on the timer).
    private func linger() async {
        let (ended, end) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        lingerEnd = end
        defer { lingerEnd = nil }
        let interval = limits.flushInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: interval) }
            group.addTask {
                for await _ in ended { return }
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func deliver(_ item: Item) async {
        let client = client
        let job = job
        do {
            switch item {
            case .log(let task, let bytes):
                try await send(task: task, bytes)
            case .taskStatus(let task, let status):
                let what = "job \(job): report task \(task) \(status.rawValue)"
                try await retryingWhileUnreachable(what, logger: logger) {
                    try await client.updateTask(job, task: task, status: status)
                }
            }
        } catch let error as ClientError where error.reason == .gone {
            lost = error.message
        } catch is CancellationError {
            return
        } catch {
            logger.error("job \(job): the server refused a report, which is dropped: \(error)")
        }
    }

    /// Sends a chunk at the offset the server acknowledged last, and keeps the length it answers.
    private func send(task: String?, _ bytes: Data) async throws {
        let client = client
        let job = job
        let offset = logEnds[task] ?? 0
        let timeout = limits.answerTimeout
        let what = "job \(job): send its \(task.map { "task \($0) log" } ?? "setup log") from byte \(offset)"
        do {
            logEnds[task] = try await retryingWhileUnreachable(what, logger: logger) {
                try await client.appendLog(job, task: task, bytes, offset: offset, timeout: timeout)
            }
        } catch let error as ClientError where error.reason == .conflict {
            // The server holds less of the log than it acknowledged (its database lost the end): those
            // bytes cannot be sent again, but this chunk and the rest of the log still can.
            logger.error("job \(job): \(error.message); appending this chunk at the log's end instead")
            logEnds[task] = try await retryingWhileUnreachable(what, logger: logger) {
                try await client.appendLog(job, task: task, bytes, timeout: timeout)
            }
        }
        metrics.logSent(bytes: bytes.count)
    }

    private func resume(_ waiters: inout [CheckedContinuation<Void, Never>]) {
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting { waiter.resume() }
    }
}
