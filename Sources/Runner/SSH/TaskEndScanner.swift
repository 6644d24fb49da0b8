import NIOCore

/// Splits the task shell's standard output into what the running task printed and the line that
/// says how it ended (`MARKER STATUS\n` or `MARKER complete-build\n`, see ``TaskShell``).
///
/// The marker may arrive split across reads, so bytes that could be its beginning are held back
/// until the next read shows whether they are; everything else is passed on at once, so a task
/// that prints gigabytes goes through in pieces the size of the reads.
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
    private var held: [UInt8] = []
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
        let data = held + bytes.readableBytesView
        held = []
        var pieces: [Piece] = []
        var searchFrom = 0
        while let start = Self.firstMatch(of: marker, in: data, from: searchFrom) {
            let statusStart = start + marker.count
            guard let newline = data[statusStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                if data.count - statusStart <= Self.longestStatus {
                    Self.append(data[..<start], to: &pieces)
                    held = Array(data[start...])
                    return pieces
                }
                searchFrom = start + 1
                continue
            }
            guard let end = Self.end(from: data[statusStart..<newline]) else {
                searchFrom = start + 1
                continue
            }
            Self.append(data[..<start], to: &pieces)
            pieces.append(.ended(end))
            if newline + 1 < data.count { pieces.append(.after(ByteBuffer(bytes: data[(newline + 1)...]))) }
            ended = true
            return pieces
        }
        let keep = Self.longestSuffix(of: data, thatBegins: marker)
        Self.append(data[..<(data.count - keep)], to: &pieces)
        held = Array(data[(data.count - keep)...])
        return pieces
    }

    private static func append(_ bytes: ArraySlice<UInt8>, to pieces: inout [Piece]) {
        if !bytes.isEmpty { pieces.append(.output(ByteBuffer(bytes: bytes))) }
    }

    private static func end(from status: ArraySlice<UInt8>) -> End? {
        let text = String(decoding: status, as: UTF8.self)
        if text == "complete-build" { return .completeBuild }
        return Int(text).map(End.exited)
    }

    private static func firstMatch(of marker: [UInt8], in data: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + marker.count <= data.count,
            let candidate = data[index...].firstIndex(of: marker[0])
        {
            guard candidate + marker.count <= data.count else { return nil }
            if data[candidate..<(candidate + marker.count)].elementsEqual(marker) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// How many of the last bytes of `data` are the beginning of `marker` (fewer than all of it).
    private static func longestSuffix(of data: [UInt8], thatBegins marker: [UInt8]) -> Int {
        var length = min(marker.count - 1, data.count)
        while length > 0 {
            if data[(data.count - length)...].elementsEqual(marker[..<length]) { return length }
            length -= 1
        }
        return 0
    }
}
