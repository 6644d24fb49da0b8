import HckCore
import Manifest
public import Wire

/// What one pushed ref builds: nothing, and why, or one job group.
public enum PushBuild: Sendable {
    /// Nothing is submitted; the reason is said to the pusher.
    case skipped(reason: String)
    /// The manifests of the pushed commit, rewritten for it, to submit as one group.
    case group(PushGroup)

    /// What `ref` builds in `repository`, as git.sr.ht decides it: nothing for a deleted ref, a
    /// commit that says `[skip ci]` or `[ci skip]`, or a commit with no manifest; else
    /// `.build.yml` and `.builds/*.yml` at the commit, each source naming this repository (by
    /// name, or by `cloneURL`) pinned to the commit (and cloned from `origin`'s fetch URL, if it
    /// has one) and ``PushEnvironment`` set. A pull request's builds are tagged `pr-N` instead of
    /// the ref, and their note starts with the request's number and title.
    /// - Throws: `GitPushError` when git fails or a manifest is not valid.
    public static func of(
        _ ref: PushedRef,
        in repository: GitRepository,
        cloneURL: String? = nil,
        origin: PushOrigin = .gitHook
    ) async throws -> PushBuild {
        guard !ref.isDeletion else { return .skipped(reason: "\(ref.name) was deleted") }
        guard let commit = try await repository.commit(ref.new) else {
            return .skipped(reason: "\(ref.name) names no commit")
        }
        guard !commit.asksToSkipCI else {
            return .skipped(reason: "\(commit.shortID) says to skip CI")
        }
        let files = try await repository.manifests(at: commit.id)
        guard !files.isEmpty else {
            return .skipped(reason: "\(commit.shortID) has no .build.yml or .builds/*.yml")
        }
        let environment = PushEnvironment.variables(ref: ref, commit: commit, origin: origin)
        let isPushed = { (source: Source) in
            source.repositoryName == repository.name
                || cloneURL.map { Self.sameRepository(source.url, $0) } == true
        }
        var manifests: [PushGroup.File] = []
        for file in files {
            do {
                let pinned = try Manifest.pinning(
                    file.text,
                    file: file.path,
                    sources: isPushed,
                    to: commit.id,
                    from: origin.fetchURL,
                    environment: environment
                )
                manifests.append(PushGroup.File(path: file.path, manifest: pinned.text))
            } catch {
                throw GitPushError(.invalidManifest, "\(error)")
            }
        }
        let tags = [repository.name, origin.request.map { "pr-\($0.number)" } ?? ref.shortName].map(Self.tag)
        var note = Self.note(commit)
        if let request = origin.request { note = "#\(request.number) \(request.title.prefix(300))\n\n" + note }
        return .group(PushGroup(files: manifests, note: note, tags: tags))
    }

    /// The note git.sr.ht gives a push's builds: the subject, then the short id and the author.
    static func note(_ commit: PushCommit) -> String {
        let subject = commit.subject.count > 1000 ? commit.subject.prefix(1000) + "…" : commit.subject
        return "\(subject)\n\n\(commit.shortID) — \(commit.authorName) <\(commit.authorEmail)>"
    }

    /// `name` as a tag the server takes: letters, digits, `_`, `.` and `-`, others made `-`, at most
    /// 128 characters (`feature/x` becomes `feature-x`).
    public static func tag(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        let tag = String(name.map { allowed.contains($0) ? $0 : "-" }.prefix(128))
        return tag.isEmpty ? "-" : tag
    }

    /// Whether two clone URLs name the same repository (a trailing `/` or `.git` aside).
    static func sameRepository(_ first: String, _ second: String) -> Bool {
        func normal(_ url: String) -> Substring {
            var url = Substring(url)
            while url.hasSuffix("/") { url = url.dropLast() }
            return url.hasSuffix(".git") ? url.dropLast(4) : url
        }
        return normal(first) == normal(second)
    }
}

/// The job group one push submits.
public struct PushGroup: Sendable {
    /// One manifest of the pushed commit, rewritten for it.
    public struct File: Sendable {
        /// Its path in the commit, e.g. `.builds/test.yml`.
        public var path: String
        /// Its text with the sources pinned and the environment set.
        public var manifest: String
    }

    /// The manifests, `.build.yml` first.
    public var files: [File]
    /// The commit's subject, short id and author.
    public var note: String
    /// The repository's name and the ref's short name.
    public var tags: [String]

    /// The submissions, held back until the group starts them.
    public var requests: [SubmitRequest] {
        files.map { SubmitRequest(manifest: $0.manifest, note: note, tags: tags, execute: false) }
    }

    /// The group of `jobs`, started at once.
    public func groupRequest(jobs: [Int64]) -> JobGroupRequest {
        JobGroupRequest(jobs: jobs, note: note, execute: true)
    }
}
