import NIOCore

/// JSON text written straight into a buffer, for the payloads too large and too frequent to go
/// through `JSONEncoder` (a live page's rendered log lines).
enum JSONText {
    /// Writes `utf8` (valid UTF-8) as a JSON string: quoted, with `"`, the backslash and control
    /// characters escaped, and every other byte as it is. Runs of bytes that need no escape (eight
    /// at a time are checked at once) are copied whole.
    static func writeString(_ utf8: [UInt8], to buffer: inout ByteBuffer) {
        buffer.reserveCapacity(minimumWritableBytes: utf8.count + utf8.count / 8 + 2)
        buffer.writeInteger(UInt8(ascii: "\""))
        utf8.withUnsafeBufferPointer { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var start = 0
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count, !needsEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[start..<index]))
                    writeEscape(byte, to: &buffer)
                    start = index + 1
                }
                index += 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
        buffer.writeInteger(UInt8(ascii: "\""))
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

    private static func writeEscape(_ byte: UInt8, to buffer: inout ByteBuffer) {
        let backslash = UInt8(ascii: "\\")
        switch byte {
        case UInt8(ascii: "\""), backslash: buffer.writeInteger(UInt16(backslash) << 8 | UInt16(byte))
        case 0x0A: buffer.writeInteger(UInt16(backslash) << 8 | UInt16(UInt8(ascii: "n")))
        case 0x0D: buffer.writeInteger(UInt16(backslash) << 8 | UInt16(UInt8(ascii: "r")))
        case 0x09: buffer.writeInteger(UInt16(backslash) << 8 | UInt16(UInt8(ascii: "t")))
        default:
            let hex = Array("0123456789abcdef".utf8)
            buffer.writeBytes([backslash, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}
