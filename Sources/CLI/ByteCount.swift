import ArgumentParser

/// A size in bytes given as `1048576`, `512K`, `100M` or `1G` (powers of 1024).
package struct ByteCount: ExpressibleByArgument {
    package let bytes: Int64

    package init(bytes: Int64) {
        self.bytes = bytes
    }

    package init?(argument: String) {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let unit = argument.last.flatMap { units[Character($0.uppercased())] }
        guard let number = Int64(unit == nil ? argument : String(argument.dropLast())), number > 0 else { return nil }
        bytes = number * (unit ?? 1)
    }

    package var defaultValueDescription: String { "1G" }
}
