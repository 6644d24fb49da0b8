#if canImport(Glibc)
    import Glibc
#endif

/// Replaces the values of a job's secrets with `[MASKED]` in a stream of output, even when a value
/// arrives split across reads: a tail that could be the start of a value is held back until the
/// next read shows whether it is one (or until ``flush()`` at the stream's end).
///
/// What counts as a value: for a file secret, each of its lines of 8 characters or more; for an
/// SSH or PGP key, every non-empty line of the key. A value that the job transformed (base64,
/// reversed, one character a line) is not recognised.
struct SecretMask: Sendable {
    /// What replaces a value.
    static let replacement = Array("[MASKED]".utf8)
    /// The shortest line of a file secret that is masked: shorter ones (`true`, a port) would
    /// mask ordinary output.
    static let shortestFileLine = 8

    /// The byte strings to mask, longest first.
    let values: [[UInt8]]
    private let longest: Int
    private var held: [UInt8] = []

    /// A mask for these secrets' values.
    init(secrets: [JobSecret]) {
        self.init(values: Self.values(of: secrets))
    }

    /// A mask for these byte strings (empty ones are ignored).
    init(values: [[UInt8]]) {
        self.values = Array(Set(values.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
        longest = self.values.first?.count ?? 0
    }

    /// Whether there is nothing to mask.
    var isEmpty: Bool { values.isEmpty }

    /// The lines to mask of each secret.
    static func values(of secrets: [JobSecret]) -> [[UInt8]] {
        secrets.flatMap { secret -> [[UInt8]] in
            let lines = secret.value.split(separator: UInt8(ascii: "\n")).map { line in
                Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...])
            }
            switch secret.kind {
            case .sshKey, .pgpKey:
                return lines.filter { !$0.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") } }
            case .file:
                return lines.filter { $0.count >= shortestFileLine }
            }
        }
    }

    /// Masks the next bytes of the stream and returns what may be shown now.
    mutating func mask(_ bytes: some Collection<UInt8>) -> [UInt8] {
        guard !values.isEmpty else { return Array(bytes) }
        held.append(contentsOf: bytes)
        let buffer = held
        var cut = heldTailStart(buffer)
        let regions = matches(in: buffer)
        // A value that runs into the held tail is held whole, and masked when it is seen again.
        if let straddling = regions.first(where: { $0.lowerBound < cut && $0.upperBound > cut }) {
            cut = straddling.lowerBound
        }
        held = Array(buffer[cut...])
        return replace(regions, in: buffer[..<cut])
    }

    /// The rest of the stream, at its end.
    mutating func flush() -> [UInt8] {
        let buffer = held
        held = []
        return replace(matches(in: buffer), in: buffer[...])
    }

    /// Where the longest tail of `buffer` that is the beginning of a value (and not a whole
    /// value) starts; `buffer.count` when there is none.
    private func heldTailStart(_ buffer: [UInt8]) -> Int {
        for start in max(0, buffer.count - longest + 1)..<buffer.count {
            let tail = buffer[start...]
            if values.contains(where: { $0.count > tail.count && $0.starts(with: tail) }) { return start }
        }
        return buffer.count
    }

    /// Every place a value occurs, overlapping ones merged (adjacent ones are not, so a cut between
    /// them changes nothing), in order.
    private func matches(in buffer: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            for value in values where value.count <= bytes.count {
                let last = bytes.count - value.count
                var index = 0
                // memchr finds the next candidate first byte at memory speed; memcmp checks it.
                while index <= last, let hit = memchr(base + index, Int32(value[0]), last - index + 1) {
                    let start = base.distance(to: UnsafeRawPointer(hit))
                    if value.withUnsafeBytes({ $0.baseAddress.map { memcmp($0, hit, value.count) == 0 } ?? false }) {
                        found.append(start..<start + value.count)
                        index = start + value.count
                    } else {
                        index = start + 1
                    }
                }
            }
        }
        found.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in found {
            if let previous = merged.last, range.lowerBound < previous.upperBound {
                merged[merged.count - 1] = previous.lowerBound..<max(previous.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// `bytes` with each region inside it replaced.
    private func replace(_ regions: [Range<Int>], in bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        for region in regions where region.upperBound <= bytes.endIndex {
            output.append(contentsOf: bytes[index..<region.lowerBound])
            output.append(contentsOf: Self.replacement)
            index = region.upperBound
        }
        output.append(contentsOf: bytes[index...])
        return output
    }
}
