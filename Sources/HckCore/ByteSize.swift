/// A number of bytes as people read it: `1 GiB (1073741824 bytes)`, `512 KiB (524288 bytes)`, `100 bytes`
/// (a unit only when the size is a whole number of it).
public struct ByteSize: Sendable, Hashable, CustomStringConvertible {
    /// The number of bytes.
    public let bytes: Int64

    /// Wraps a number of bytes.
    public init(_ bytes: Int64) {
        self.bytes = bytes
    }

    public var description: String {
        for (unit, size) in [("GiB", Int64(1) << 30), ("MiB", Int64(1) << 20), ("KiB", Int64(1) << 10)]
        where bytes >= size && bytes % size == 0 {
            return "\(bytes / size) \(unit) (\(bytes) bytes)"
        }
        return "\(bytes) bytes"
    }
}
