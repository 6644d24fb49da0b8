import Foundation

/// One entry of `sources`: a repository to clone into the build user's home.
///
/// Written `[dir::][git+|hg+]url[#ref]`. Without `dir::` the directory is the URL's last path
/// component without `.git`; scp-like URLs (`git@host:path`) work like any other.
public struct Source: Sendable, Hashable, Codable {
    /// The version-control system that clones it.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// `git clone`, then `git checkout -q REF` and `git submodule update --init --recursive`.
        case git
        /// `hg clone`, then `hg update -y REF`.
        case hg
    }

    /// Why a source string cannot be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong with it.
        public var description: String

        /// Creates the error.
        /// - Parameter description: what is wrong with the source string.
        public init(description: String) {
            self.description = description
        }
    }

    /// git or hg.
    public var kind: Kind
    /// The URL to clone, without the `git+`/`hg+` prefix and without `#ref`.
    public var url: String
    /// The branch, tag or commit after `#`, or `nil` for the default branch.
    public var ref: String?
    /// The directory, relative to the build user's home, the repository is cloned into.
    public var directory: String

    /// Creates a source from its parts.
    /// - Parameters:
    ///   - kind: git or hg.
    ///   - url: the URL to clone.
    ///   - ref: the ref to check out, or `nil`.
    ///   - directory: where to clone it, relative to the build user's home.
    public init(kind: Kind, url: String, ref: String?, directory: String) {
        self.kind = kind
        self.url = url
        self.ref = ref
        self.directory = directory
    }

    /// Reads a source string `[dir::][git+|hg+]url[#ref]`.
    /// - Parameter text: the string as the manifest wrote it.
    /// - Throws: `Source.ParseError` saying what is wrong.
    public init(parsing text: String) throws(ParseError) {
        var rest = Substring(text)
        var directory: String?
        // `dir::` only when what precedes `::` looks like a folder, so `https://[::1]/x` stays a URL.
        if let separator = rest.range(of: "::"),
            !rest[..<separator.lowerBound].contains(where: { ":[@".contains($0) })
        {
            directory = String(rest[..<separator.lowerBound])
            rest = rest[separator.upperBound...]
        }
        kind = .git
        if rest.hasPrefix("hg+") {
            kind = .hg
            rest = rest.dropFirst(3)
        } else if rest.hasPrefix("git+") {
            rest = rest.dropFirst(4)
        }
        ref = nil
        if let hash = rest.firstIndex(of: "#") {
            let refText = rest[rest.index(after: hash)...]
            guard !refText.isEmpty else {
                throw ParseError(description: "source '\(text)' ends with '#' but names no ref after it")
            }
            ref = String(refText)
            rest = rest[..<hash]
        }
        guard !rest.isEmpty else {
            throw ParseError(description: "source '\(text)' has no URL")
        }
        if rest.contains(where: \.isWhitespace) {
            throw ParseError(description: "source URL '\(rest)' contains whitespace")
        }
        url = String(rest)
        let folder = directory ?? Source.defaultDirectory(forURL: url)
        guard let folder, !folder.isEmpty else {
            throw ParseError(
                description: "cannot tell which directory source '\(text)' clones into; write 'DIR::\(text)'"
            )
        }
        if folder.hasPrefix("/") || folder.split(separator: "/").contains("..") || folder == "." {
            throw ParseError(description: "source directory '\(folder)' must be a path inside the build user's home")
        }
        self.directory = folder
    }

    /// The last path component of `url` without a trailing `.git`, or `nil` when there is none.
    /// - Parameter url: a clone URL, possibly scp-like (`git@host:path`).
    /// - Returns: the directory name `git clone` would choose.
    static func defaultDirectory(forURL url: String) -> String? {
        var path = Substring(url)
        if let scheme = path.range(of: "://") {
            path = path[scheme.upperBound...]
            // Drop the host: a URL with nothing after it has no directory.
            guard let slash = path.firstIndex(of: "/") else { return nil }
            path = path[slash...]
        } else if let colon = path.firstIndex(of: ":"), !path[..<colon].contains("/") {
            path = path[path.index(after: colon)...]
        }
        if let query = path.firstIndex(of: "?") {
            path = path[..<query]
        }
        while path.hasSuffix("/") {
            path = path.dropLast()
        }
        var name = path.split(separator: "/").last ?? ""
        if name.hasSuffix(".git") {
            name = name.dropLast(4)
        }
        return name.isEmpty || name == "." || name == ".." ? nil : String(name)
    }
}
