/// A POSIX tar archive (ustar, with a pax `path` record for names over 100 bytes) built in
/// memory: how a job's `~/.buildenv` and task files reach the guest in one transfer, unpacked by
/// the guest's `tar`, instead of one SSH channel per file (each costs a round trip and a process
/// start in an emulated guest).
struct TarArchive {
    /// What one entry is.
    enum Kind {
        case file(contents: [UInt8])
        case directory
    }

    /// One entry.
    struct Entry {
        /// The path inside the archive, relative (`.tasks/build`).
        var path: String
        /// The permission bits.
        var mode: UInt32
        var kind: Kind
    }

    /// The entries, in order (a directory before what it holds).
    var entries: [Entry] = []

    /// Adds a file.
    mutating func addFile(_ path: String, contents: [UInt8], mode: UInt32) {
        entries.append(Entry(path: path, mode: mode, kind: .file(contents: contents)))
    }

    /// Adds a directory.
    mutating func addDirectory(_ path: String, mode: UInt32) {
        entries.append(Entry(path: path, mode: mode, kind: .directory))
    }

    /// The archive's bytes, ending with the two zero blocks tar expects.
    /// - Parameter modified: the entries' modification time (seconds since 1970).
    func bytes(modified: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        for (index, entry) in entries.enumerated() {
            let name = Array(entry.path.utf8) + (entry.isDirectory ? [UInt8(ascii: "/")] : [])
            if name.count > 100 {
                // The name does not fit in the header: a pax extended header carries it first.
                let record = Self.paxRecord("path", name)
                out += Self.header(
                    name: Array("PaxHeaders/\(index)".utf8),
                    mode: 0o644,
                    size: record.count,
                    type: UInt8(ascii: "x"),
                    modified: modified
                )
                out += Self.padded(record)
            }
            let contents: [UInt8]
            if case .file(let bytes) = entry.kind { contents = bytes } else { contents = [] }
            out += Self.header(
                name: Array(name.prefix(100)),
                mode: entry.mode,
                size: contents.count,
                type: entry.isDirectory ? UInt8(ascii: "5") : UInt8(ascii: "0"),
                modified: modified
            )
            out += Self.padded(contents)
        }
        return out + [UInt8](repeating: 0, count: 1024)
    }

    /// One ustar header block.
    private static func header(name: [UInt8], mode: UInt32, size: Int, type: UInt8, modified: Int) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) {
            for (index, byte) in bytes.enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(Int(mode), width: 8), at: 100)
        put(octal(0, width: 8), at: 108)  // uid: tar run by the build user makes the files its own
        put(octal(0, width: 8), at: 116)  // gid
        put(octal(size, width: 12), at: 124)
        put(octal(modified, width: 12), at: 136)
        put([UInt8](repeating: UInt8(ascii: " "), count: 8), at: 148)  // the checksum counts as spaces
        block[156] = type
        put(Array("ustar".utf8) + [0] + Array("00".utf8), at: 257)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(Array(String(sum, radix: 8).leftPadded(to: 6).utf8) + [0, UInt8(ascii: " ")], at: 148)
        return block
    }

    /// `LEN key=value\n`, where LEN counts the whole record, itself included.
    private static func paxRecord(_ key: String, _ value: [UInt8]) -> [UInt8] {
        let body = Array(" \(key)=".utf8) + value + [UInt8(ascii: "\n")]
        var length = body.count + 1
        while String(length).utf8.count + body.count != length { length += 1 }
        return Array(String(length).utf8) + body
    }

    private static func padded(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
    }
}

extension TarArchive.Entry {
    var isDirectory: Bool {
        if case .directory = kind { return true }
        return false
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
