import Manifest
import Testing

@Suite struct SourceParsingTests {
    static let valid: [(String, Source)] = [
        (
            "https://git.sr.ht/~sircmpwn/hare",
            Source(kind: .git, url: "https://git.sr.ht/~sircmpwn/hare", ref: nil, directory: "hare")
        ),
        (
            "https://github.com/a/b.git#main",
            Source(kind: .git, url: "https://github.com/a/b.git", ref: "main", directory: "b")
        ),
        ("https://github.com/a/b/", Source(kind: .git, url: "https://github.com/a/b/", ref: nil, directory: "b")),
        ("git+https://x.org/r#0123abc", Source(kind: .git, url: "https://x.org/r", ref: "0123abc", directory: "r")),
        (
            "hg+https://hg.sr.ht/~u/repo",
            Source(kind: .hg, url: "https://hg.sr.ht/~u/repo", ref: nil, directory: "repo")
        ),
        ("dest::https://x.org/r#v2", Source(kind: .git, url: "https://x.org/r", ref: "v2", directory: "dest")),
        ("sub/dir::hg+https://x.org/r", Source(kind: .hg, url: "https://x.org/r", ref: nil, directory: "sub/dir")),
        ("git@git.sr.ht:~u/secret", Source(kind: .git, url: "git@git.sr.ht:~u/secret", ref: nil, directory: "secret")),
        (
            "git@github.com:org/repo.git#dev",
            Source(kind: .git, url: "git@github.com:org/repo.git", ref: "dev", directory: "repo")
        ),
        (
            "ssh://git@host:2222/srv/proj.git",
            Source(kind: .git, url: "ssh://git@host:2222/srv/proj.git", ref: nil, directory: "proj")
        ),
        ("https://[::1]:8080/repo", Source(kind: .git, url: "https://[::1]:8080/repo", ref: nil, directory: "repo")),
        ("/srv/git/local.git", Source(kind: .git, url: "/srv/git/local.git", ref: nil, directory: "local")),
    ]

    @Test(arguments: valid.indices)
    func readsTheParts(index: Int) throws {
        let (text, expected) = Self.valid[index]
        #expect(try Source(parsing: text) == expected)
    }

    static let invalid: [(String, String)] = [
        ("", "source '' has no URL"),
        ("#main", "source '#main' has no URL"),
        ("dir::", "source 'dir::' has no URL"),
        ("https://x.org/r#", "source 'https://x.org/r#' ends with '#' but names no ref after it"),
        ("https://x.org", "cannot tell which directory source 'https://x.org' clones into; write 'DIR::https://x.org'"),
        ("https://x.org/a b", "source URL 'https://x.org/a b' contains whitespace"),
        ("/abs::https://x.org/r", "source directory '/abs' must be a path inside the build user's home"),
    ]

    @Test(arguments: invalid.indices)
    func explainsWhatIsWrong(index: Int) {
        let (text, message) = Self.invalid[index]
        #expect(throws: Source.ParseError(description: message)) { try Source(parsing: text) }
    }
}
