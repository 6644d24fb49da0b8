import Foundation
import HckCore
import Wire

/// What one append adds to a log, decided against the log's current end: the rule both stores apply
/// inside the transaction that writes the bytes, so a runner's retried or overlapping chunk is
/// stored once.
///
/// A chunk says where it starts (`offset`, a byte position in the log). Starting at the end, all of
/// it is new; lying wholly inside what is stored, none of it is (a retry whose answer was lost); over
/// the end, only the bytes past the end are. Starting past the end is refused: storing it would leave
/// a gap of bytes nobody sent. Without an offset (old runners, tools) the chunk goes at the end, as
/// before. The bytes a chunk repeats are not compared with the stored ones: the runner that sent them
/// is the log's only writer.
struct LogAppend: Sendable, Equatable {
    /// The bytes to store at the log's end (empty when the chunk holds nothing new).
    let newBytes: Data

    /// Decides what a chunk adds.
    /// - Parameters:
    ///   - data: the chunk.
    ///   - offset: where in the log it starts, or nil to append it at the end.
    ///   - end: the log's length now.
    ///   - log: the log's name for the refusal ("job 12's setup log").
    /// - Throws: `StoreError` `logGap` when `offset` is past `end`.
    init(_ data: Data, at offset: Int?, logEnd end: Int, log: String) throws(StoreError) {
        guard let offset else {
            newBytes = data
            return
        }
        guard offset <= end else {
            throw StoreError(
                .logGap,
                "\(log) ends at byte \(end), but this chunk starts at byte \(offset): storing it would leave "
                    + "\(offset - end) bytes nobody sent; send the log from byte \(end)"
            )
        }
        let known = min(end - offset, data.count)
        newBytes = Data(data.dropFirst(known))
    }

    /// The log's name in messages: "job 12's setup log" or "job 12's log of task build".
    /// - Parameters:
    ///   - id: the job.
    ///   - task: the task, or nil for the setup log.
    /// The newlines in the bytes to store, which their mark adds to the log's line count.
    var newlineCount: Int { Self.newlines(in: newBytes) }

    /// The newline bytes in `data`, found by `memchr`.
    static func newlines(in data: some ContiguousBytes) -> Int {
        data.withUnsafeBytes { bytes in
            guard var cursor = bytes.baseAddress else { return 0 }
            let end = cursor + bytes.count
            var count = 0
            while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
                count += 1
                cursor = UnsafeRawPointer(found) + 1
            }
            return count
        }
    }

    static func name(job id: Int64, task: String?) -> String {
        task.map { "job \(id)'s log of task \($0)" } ?? "job \(id)'s setup log"
    }
}
