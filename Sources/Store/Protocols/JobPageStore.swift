public import Foundation
public import Manifest
import Wire

/// What the web pages need from the store beyond ``JobStore``: filtered, paged listings, a log's tail
/// without reading the whole log, log chunks after a point (for live pages), and when jobs and tasks
/// started and finished.
public protocol JobPageStore: LogStore {
    /// Creates what the pages keep beside the jobs (log marks, times) when missing; idempotent.
    func prepareJobPages() async throws
    /// Jobs matching `filter` that `viewer` may see listed (public ones, and all of the viewer's own),
    /// newest first, with ids below `before`.
    /// - Parameters:
    ///   - filter: owner, tag, status, group.
    ///   - viewer: the signed-in user's name, if any.
    ///   - before: only jobs with smaller ids (the next page), or nil for the newest.
    ///   - limit: at most this many.
    func jobs(matching filter: JobFilter, viewer: String?, before: Int64?, limit: Int) async throws -> [Job]
    /// The last `maxBytes` (or a little more, whole chunks) of a log, with where they start.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - task: the task's name, or nil for the setup log.
    ///   - maxBytes: how much of the end is wanted.
    func logTail(id: Int64, task: String?, maxBytes: Int) async throws -> LogSlice
    /// When the job and its tasks started and finished, as far as recorded.
    /// - Parameter id: the job's id.
    func times(id: Int64) async throws -> JobTimes
}

/// Which jobs a listing shows; nil fields do not filter.
public struct JobFilter: Sendable, Hashable {
    /// Only this user's jobs.
    public var owner: String?
    /// Only jobs carrying every one of these tags (a repository's and a branch's, on a repository page).
    public var tags: [String]
    /// The one tag a listing filters by (the first of ``tags``); setting it replaces them.
    public var tag: String? {
        get { tags.first }
        set { tags = newValue.map { [$0] } ?? [] }
    }
    /// Only jobs in this status.
    public var status: JobStatus?
    /// Only jobs of this group.
    public var groupID: Int64?

    /// Creates a filter.
    /// - Parameters:
    ///   - owner: owner's name.
    ///   - tag: a tag.
    ///   - status: a status.
    ///   - groupID: a job group.
    public init(owner: String? = nil, tag: String? = nil, status: JobStatus? = nil, groupID: Int64? = nil) {
        self.owner = owner
        self.tags = tag.map { [$0] } ?? []
        self.status = status
        self.groupID = groupID
    }
}

/// A run of a log's bytes, and where it sits in the whole log.
public struct LogSlice: Sendable, Hashable {
    /// The bytes.
    public var data: Data
    /// The offset of the first byte in the log.
    public var offset: Int
    /// Newlines in the log before `offset` (so the first line shown is line `linesBefore + 1`).
    public var linesBefore: Int
    /// Where the slice ends in the log: the log's length when read for a tail
    /// (``JobPageStore/logTail(id:task:maxBytes:)``), and the end of what was read for a read from an
    /// offset (``LogStore/log(id:task:from:maxBytes:)``), which may stop short of the log's end; a
    /// follower reads on from here.
    public var length: Int
    /// The id of the last chunk included.
    public var lastChunk: Int64
    /// Whether `offset` is the start of a line (the log's start, or right after a newline).
    public var startsLine = true

    /// Creates a slice.
    /// - Parameters:
    ///   - data: bytes.
    ///   - offset: first byte's offset.
    ///   - linesBefore: newlines before it.
    ///   - length: where the slice ends in the log (see ``length``).
    ///   - lastChunk: last chunk's id.
    public init(data: Data, offset: Int, linesBefore: Int, length: Int, lastChunk: Int64) {
        self.data = data
        self.offset = offset
        self.linesBefore = linesBefore
        self.length = length
        self.lastChunk = lastChunk
    }

    /// A slice read as whole chunks, trimmed to begin at `offset` when that falls inside the first.
    /// - Parameters:
    ///   - data: the chunks' bytes.
    ///   - start: the first chunk's offset in the log.
    ///   - offset: where the caller asked to start.
    ///   - length: where the slice ends in the log (see ``length``).
    ///   - lastChunk: last chunk's id.
    init(chunks data: Data, startingAt start: Int, from offset: Int, length: Int, lastChunk: Int64) {
        self.init(
            data: Data(data.dropFirst(max(0, offset - start))),
            offset: max(offset, start),
            linesBefore: 0,
            length: length,
            lastChunk: lastChunk
        )
    }
}

/// When a job and its tasks started and finished (nil: not yet, or before hck recorded times), and where it ran.
public struct JobTimes: Sendable, Hashable {
    /// A start and an end.
    public struct Span: Sendable, Hashable {
        /// When it started.
        public var started: Date?
        /// When it ended.
        public var finished: Date?

        /// Seconds from start to end (or to `now` while running); nil when it never started.
        /// - Parameter now: the current time.
        public func duration(now: Date) -> TimeInterval? {
            started.map { (finished ?? now).timeIntervalSince($0) }
        }
    }

    /// The job: from when a runner took it (the latest time, if it was queued again) to its final status.
    public var job = Span()
    /// Per task name.
    public var tasks: [String: Span] = [:]
    /// The runner that last took the job (kept after the job ends, when the job no longer names one).
    public var runner: String?

    /// No times recorded.
    public init() {}
}
