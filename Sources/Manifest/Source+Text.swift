extension Source {
    /// The source as a manifest writes it, `[dir::][hg+]url[#ref]`: `dir::` only when the directory
    /// is not the one the URL names, so `Source(parsing: source.text)` gives `source` back.
    public var text: String {
        let folder = directory == Source.defaultDirectory(forURL: url) ? "" : "\(directory)::"
        let prefix = kind == .hg ? "hg+" : ""
        return folder + prefix + url + (ref.map { "#\($0)" } ?? "")
    }

    /// The repository's name as builds.sr.ht matches a source to a pushed repository: the URL's last
    /// path component without `.git`, whatever directory the source clones into.
    public var repositoryName: String? {
        Source.defaultDirectory(forURL: url)
    }
}
