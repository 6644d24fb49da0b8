public import Foundation
import Manifest
import Wire

/// Job logs: appended in order, read from any offset.
public protocol LogStore: Sendable {
    /// Stores a chunk of a job's setup log (`task` nil) or a task's log that starts at byte `offset`
    /// of the log, keeping only the bytes the log does not hold yet, in one transaction that no other
    /// append to the log can interleave with; returns the log's length afterwards. A chunk wholly
    /// inside the log (a retry) writes nothing; one over the end adds its tail; one past the end is
    /// refused with `StoreError` `logGap`. A nil `offset` appends the whole chunk at the end.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - task: the task's name, or nil for the setup log.
    ///   - data: the bytes.
    ///   - offset: where in the log the bytes start, or nil for "at its end".
    func appendLog(id: Int64, task: String?, data: Data, at offset: Int?) async throws -> Int
    /// A log's bytes from `offset` on.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - task: the task's name, or nil for the setup log.
    ///   - offset: the first byte wanted.
    func log(id: Int64, task: String?, from offset: Int) async throws -> Data
    /// The log from byte `offset` on, at most about `maxBytes` (whole chunks, so a little more); the
    /// slice's `length` is where this read ended, not necessarily the log's end. `linesBefore` is not
    /// counted (0): a follower counts lines itself.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - task: the task's name, or nil for the setup log.
    ///   - offset: the first byte wanted.
    ///   - maxBytes: roughly the most to return at once.
    func log(id: Int64, task: String?, from offset: Int, maxBytes: Int) async throws -> LogSlice
    /// A log's length in bytes, without reading it.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - task: the task's name, or nil for the setup log.
    func logLength(id: Int64, task: String?) async throws -> Int
}
