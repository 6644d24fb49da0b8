public import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Splits the task shell's standard output into what the running task printed and the line that
/// says how it ended (`MARKER STATUS\n` or `MARKER complete-build\n`, see ``TaskShell``).
///
/// The marker may arrive split across reads, so bytes that could be its beginning are held back
/// until the next read shows whether they are; everything else is passed on at once, as slices of
/// the read (no copy), so a task that prints gigabytes goes through in pieces the size of the reads.
public struct TaskEndScanner: Sendable {
    /// How the task ended, as the shell reported it.
    public enum End: Sendable, Hashable {
        /// The task's subshell exited with this status.
        case exited(Int)
        /// The task did not run: an earlier task called `complete-build`.
        case completeBuild
    }

    /// One piece of the output, in order.
    public enum Piece: Sendable, Hashable {
        /// Bytes the task printed.
        case output(ByteBuffer)
        /// The task ended.
        case ended(End)
        /// Bytes that came after the end line (from something the task left running).
        case after(ByteBuffer)
    }

    /// The longest status a shell's end line can carry: `complete-build`, or a status.
    private static let longestStatus = 32

    private let marker: [UInt8]
    private var held = ByteBuffer()
    private var ended = false

    /// A scanner for one task's output.
    /// - Parameter marker: the marker of that task's request.
    public init(marker: String) {
        self.marker = Array((marker + " ").utf8)
    }

    /// The pieces that a read of the shell's output completes.
    /// - Parameter bytes: the bytes read.
    public mutating func scan(_ bytes: ByteBuffer) -> [Piece] {
        if ended { return bytes.readableBytes > 0 ? [.after(bytes)] : [] }
        var data = bytes
        if held.readableBytes > 0 {
            data = held
            data.writeImmutableBuffer(bytes)
        }
        held = ByteBuffer()
        var pieces: [Piece] = []
        let (split, end) = data.withUnsafeReadableBytes { find(in: $0) }
        Self.append(data.getSlice(at: data.readerIndex, length: split.output), to: &pieces)
        if let end {
            pieces.append(.ended(end))
            ended = true
            if let after = data.getSlice(at: data.readerIndex + split.rest, length: data.readableBytes - split.rest),
                after.readableBytes > 0
            {
                pieces.append(.after(after))
            }
        } else {
            held =
                data.getSlice(at: data.readerIndex + split.output, length: data.readableBytes - split.output)
                ?? ByteBuffer()
        }
        return pieces
    }

    /// Where the task's output ends in `data` (`output` bytes), how the task ended if the whole
    /// end line is there, and where what follows the end line starts (`rest`).
    private func find(in data: UnsafeRawBufferPointer) -> (split: (output: Int, rest: Int), end: End?) {
        var searchFrom = 0
        while let start = Self.firstMatch(of: marker, in: data, from: searchFrom) {
            let statusStart = start + marker.count
            guard let newline = data[statusStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                if data.count - statusStart <= Self.longestStatus { return ((start, start), nil) }
                searchFrom = start + 1
                continue
            }
            guard let end = Self.end(from: data[statusStart..<newline]) else {
                searchFrom = start + 1
                continue
            }
            return ((start, newline + 1), end)
        }
        let keep = Self.longestSuffix(of: data, thatBegins: marker)
        return ((data.count - keep, data.count - keep), nil)
    }

    private static func append(_ bytes: ByteBuffer?, to pieces: inout [Piece]) {
        if let bytes, bytes.readableBytes > 0 { pieces.append(.output(bytes)) }
    }

    private static func end(from status: Slice<UnsafeRawBufferPointer>) -> End? {
        let text = String(decoding: status, as: UTF8.self)
        if text == "complete-build" { return .completeBuild }
        return Int(text).map(End.exited)
    }

    private static func firstMatch(of marker: [UInt8], in data: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = data.baseAddress else { return nil }
        var index = start
        // memchr finds each candidate first byte at memory speed; a byte loop took a tenth of the
        // runner's CPU while a task printed fast (bench/task-output).
        while index + marker.count <= data.count,
            let found = memchr(base + index, Int32(marker[0]), data.count - index)
        {
            let candidate = base.distance(to: UnsafeRawPointer(found))
            guard candidate + marker.count <= data.count else { return nil }
            if memcmp(base + candidate, marker, marker.count) == 0 { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// How many of the last bytes of `data` are the beginning of `marker` (fewer than all of it).
    private static func longestSuffix(of data: UnsafeRawBufferPointer, thatBegins marker: [UInt8]) -> Int {
        var length = min(marker.count - 1, data.count)
        while length > 0 {
            if data[(data.count - length)...].elementsEqual(marker[..<length]) { return length }
            length -= 1
        }
        return 0
    }
}
