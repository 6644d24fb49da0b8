import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The log lines an emulated runner appends: 100-byte lines, the first of each chunk starting with
/// `@` and the wall-clock microseconds it was sent at (16 digits), so a follower in any process can
/// tell how late it saw the chunk. No other byte of the log is an `@`.
enum StampedChunk {
    /// A line's length, its newline included.
    static let lineLength = 100
    /// The digits of a stamp.
    static let digits = 16

    /// A chunk of `size` bytes (rounded down to whole lines) stamped now.
    static func make(size: Int) -> (data: Data, stamp: Int64) {
        let stamp = now()
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: max(1, size / lineLength) * lineLength)
        for end in stride(from: lineLength - 1, to: bytes.count, by: lineLength) { bytes[end] = 0x0A }
        let text = Array(String(format: "@%016lld ", stamp).utf8)
        bytes.replaceSubrange(0..<text.count, with: text)
        return (Data(bytes), stamp)
    }

    /// The wall clock in microseconds since 1970 (the same in every process on the host).
    static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1_000_000)
    }
}

/// Finds the stamps in a stream of bytes cut anywhere, keeping a stamp cut in two until its rest comes.
struct StampScanner {
    private var carried: [UInt8] = []

    /// Calls `seen` with each whole stamp in `bytes` (and one begun in the bytes before).
    mutating func scan(_ bytes: UnsafeRawBufferPointer, seen: (Int64) -> Void) {
        if !carried.isEmpty {
            let needed = StampedChunk.digits + 1 - carried.count
            carried += bytes.prefix(needed)
            guard carried.count == StampedChunk.digits + 1 else { return }
            carried.withUnsafeBytes { if let stamp = Self.stamp(at: 0, in: $0) { seen(stamp) } }
            carried = []
        }
        guard let base = bytes.baseAddress else { return }
        var index = 0
        while index < bytes.count, let found = memchr(base + index, Int32(UInt8(ascii: "@")), bytes.count - index) {
            let at = base.distance(to: UnsafeRawPointer(found))
            if at + StampedChunk.digits + 1 > bytes.count {
                carried = Array(bytes[at...])
                return
            }
            if let stamp = Self.stamp(at: at, in: bytes) { seen(stamp) }
            index = at + 1
        }
    }

    /// The number after the `@` at `at`, when 16 digits follow it.
    private static func stamp(at: Int, in bytes: UnsafeRawBufferPointer) -> Int64? {
        var value: Int64 = 0
        for offset in 1...StampedChunk.digits {
            let byte = bytes[at + offset]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
