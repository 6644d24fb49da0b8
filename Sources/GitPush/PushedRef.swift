/// One line of what git gives a post-receive hook on standard input: `OLD NEW REFNAME`.
public struct PushedRef: Sendable, Hashable {
    /// The object the ref named before the push (all zeros when the push created it).
    public var old: String
    /// The object the ref names after the push (all zeros when the push deleted it).
    public var new: String
    /// The full ref name, e.g. `refs/heads/main`.
    public var name: String

    /// Makes one from its parts.
    public init(old: String, new: String, name: String) {
        self.old = old
        self.new = new
        self.name = name
    }

    /// Reads one line of post-receive input, or `nil` when it is not `OLD NEW REFNAME`.
    public init?(line: some StringProtocol) {
        let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard fields.count == 3 else { return nil }
        self.init(old: String(fields[0]), new: String(fields[1]), name: String(fields[2]))
    }

    /// Every ref of post-receive input, skipping blank lines.
    public static func all(in input: String) -> [PushedRef] {
        input.split(whereSeparator: \.isNewline).compactMap { PushedRef(line: $0) }
    }

    /// Whether the push deleted the ref (its new value is all zeros).
    public var isDeletion: Bool {
        !new.isEmpty && new.allSatisfy { $0 == "0" }
    }

    /// The name people use: `main` for `refs/heads/main`, `v1.0` for `refs/tags/v1.0`.
    public var shortName: String {
        for prefix in ["refs/heads/", "refs/tags/"] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}
