import NIOCore

/// JSON text written straight into a buffer, for the payloads too large and too frequent to go
/// through `JSONEncoder` (a live page's rendered log lines).
enum JSONText {
    /// Writes `utf8` (valid UTF-8) as a JSON string: quoted, with `"`, the backslash and control
    /// characters escaped, and every other byte as it is. A first pass finds the bytes to escape
    /// (eight at a time are checked at once) and so the exact length; the second writes into the
    /// buffer's memory directly.
    static func writeString(_ utf8: [UInt8], to buffer: inout ByteBuffer) {
        utf8.withUnsafeBufferPointer { bytes in
            var length = bytes.count + 2
            forEachEscaped(bytes) { length += shortEscape(bytes[$0]) == nil ? 5 : 1 }
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { output in
                var written = 0
                func put(_ piece: UnsafeBufferPointer<UInt8>) {
                    guard let base = piece.baseAddress, !piece.isEmpty else { return }
                    (output.baseAddress! + written).copyMemory(from: base, byteCount: piece.count)
                    written += piece.count
                }
                output[written] = UInt8(ascii: "\"")
                written += 1
                var start = 0
                forEachEscaped(bytes) { index in
                    put(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    let byte = bytes[index]
                    output[written] = UInt8(ascii: "\\")
                    if let short = shortEscape(byte) {
                        output[written + 1] = short
                        written += 2
                    } else {
                        let hex = hexDigits
                        output[written + 1] = UInt8(ascii: "u")
                        output[written + 2] = UInt8(ascii: "0")
                        output[written + 3] = UInt8(ascii: "0")
                        output[written + 4] = hex[Int(byte >> 4)]
                        output[written + 5] = hex[Int(byte & 0xF)]
                        written += 6
                    }
                    start = index + 1
                }
                put(UnsafeBufferPointer(rebasing: bytes[start...]))
                output[written] = UInt8(ascii: "\"")
                return written + 1
            }
        }
    }

    /// Calls `body` with the index of each byte that JSON escapes, in order.
    private static func forEachEscaped(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index < bytes.count {
            if index + 8 <= bytes.count, !needsEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { body(index) }
            index += 1
        }
    }

    /// Whether any of the eight bytes is below 0x20, `"` or a backslash (the classic bit tricks:
    /// a byte below n sets its top bit in `(x - n…) & ~x`, a zero byte does for `x ^ v…`).
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let below = (word &- ones &* 0x20) & ~word & highs != 0
        return below || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
    }

    /// The letter after the backslash for the bytes escaped so (`"`, the backslash, newline,
    /// carriage return, tab); nil for the other control characters (`\u00XX`).
    private static func shortEscape(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x09: UInt8(ascii: "t")
        default: nil
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
