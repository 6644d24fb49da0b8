import Client
import HckCore
import Manifest
import NIOCore
import Runner
import Wire

/// The VMs this runner keeps for SSH, with their open sessions; the gateway's shared state.
///
/// Every change rings ``changes`` under the job's id, so a keep-alive waiting for the last session
/// to end wakes at once, without polling.
actor KeptVMs {
    private struct Entry {
        var access: GuestAccess
        var open = 0
        var opened = 0
    }

    /// What a job's VM is to the gateway now.
    enum State {
        /// The job runs here and its log is followed: sessions see it until the VM is kept or the job ends.
        case running
        /// Kept: sessions may enter.
        case kept(GuestAccess)
        /// It was kept here and is gone.
        case ended(String)
        /// This gateway never kept it.
        case unknown
    }

    private var entries: [Int64: Entry] = [:]
    private var ended: [Int64: String] = [:]
    private var live: [Int64: LiveLog] = [:]
    /// Rung with the job's id whenever a session opens or closes or the VM goes.
    let changes = Doorbell<Int64>()

    /// Starts keeping a job's VM.
    /// - Parameter access: how to reach it.
    func keep(_ access: GuestAccess) async {
        entries[access.job] = Entry(access: access)
        ended[access.job] = nil
        // A session following the live log waits for a change before it looks again.
        await changes.ring(access.job)
    }

    /// The VM is going: no new sessions; those open end with the VM.
    /// - Parameters:
    ///   - job: the job's id.
    ///   - why: what to tell users who connect later.
    func release(_ job: Int64, why: String) async {
        entries[job] = nil
        ended[job] = why
        await changes.ring(job)
    }

    /// The job's state for a session that wants to enter.
    /// - Parameter job: the job's id.
    func state(of job: Int64) -> State {
        if let entry = entries[job] { return .kept(entry.access) }
        if let why = ended[job] { return .ended(why) }
        if live[job] != nil { return .running }
        return .unknown
    }

    /// Starts following a job's log (before its VM boots). - Parameter job: the job's id.
    func watch(_ job: Int64) {
        live[job] = LiveLog()
        ended[job] = nil
    }

    /// Adds to a followed job's log.
    /// - Parameters:
    ///   - job: the job's id.
    ///   - bytes: setup or task log bytes, in the order the runner wrote them.
    func append(_ job: Int64, _ bytes: ByteBuffer) async {
        guard live[job] != nil else { return }
        live[job]?.append(bytes)
        await changes.ring(job)
    }

    /// The job ended: its log is no longer followed; a VM that was not kept says so to latecomers.
    /// - Parameters:
    ///   - job: the job's id.
    ///   - status: how it ended.
    /// - Returns: whether its VM is kept (the job ended while kept: the server's record stays).
    @discardableResult
    func finished(_ job: Int64, _ status: JobStatus) async -> Bool {
        live[job] = nil
        let isKept = entries[job] != nil
        if !isKept, ended[job] == nil { ended[job] = "the job ended \(status) and its VM was not kept" }
        await changes.ring(job)
        return isKept
    }

    /// A followed job's log from `offset` on and the offset after it; nil when it is not followed.
    /// - Parameter offset: bytes already read (from the job's start).
    func log(_ job: Int64, from offset: Int) -> (bytes: ByteBuffer, next: Int)? {
        live[job].map { $0.slice(from: offset) }
    }

    /// Counts a session in; nil when the VM is not kept (any more).
    /// - Parameter job: the job's id.
    func enter(_ job: Int64) async -> GuestAccess? {
        guard var entry = entries[job] else { return nil }
        entry.open += 1
        entry.opened += 1
        entries[job] = entry
        await changes.ring(job)
        return entry.access
    }

    /// Counts a session out.
    /// - Parameter job: the job's id.
    func leave(_ job: Int64) async {
        entries[job]?.open -= 1
        await changes.ring(job)
    }

    /// Sessions open now and ever opened on the job's VM.
    /// - Parameter job: the job's id.
    func sessions(_ job: Int64) -> (open: Int, opened: Int) {
        (entries[job]?.open ?? 0, entries[job]?.opened ?? 0)
    }
}

/// A followed job's log: its last MiB, with the count of bytes dropped before it.
struct LiveLog {
    private var kept = ByteBuffer()
    private var dropped = 0
    private static let limit = 1 << 20

    mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        kept.writeBuffer(&bytes)
        if kept.readableBytes > Self.limit {
            let excess = kept.readableBytes - Self.limit
            kept.moveReaderIndex(forwardBy: excess)
            dropped += excess
            kept.discardReadBytes()
        }
    }

    /// The bytes from `offset` on (from the oldest kept byte when older ones were dropped).
    func slice(from offset: Int) -> (bytes: ByteBuffer, next: Int) {
        let start = max(offset - dropped, 0)
        let length = max(kept.readableBytes - start, 0)
        let bytes = kept.getSlice(at: kept.readerIndex + start, length: length) ?? ByteBuffer()
        return (bytes, dropped + kept.readableBytes)
    }
}
