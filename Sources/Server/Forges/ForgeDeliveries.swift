public import Foundation
public import GitPush
import HTTPTypes
import HckCore
public import Logging
import Manifest
import Store
public import Wire

/// What a forge's webhook delivery builds, as one rule for `POST /api/forges/:forge`:
/// 1. the payload's repository picks the registered repositories it may be for (404 when none);
/// 2. the signature must prove one of their secrets (401 when none), and only those build;
/// 3. a push fetches its commit into the ``CommitCache`` and submits its manifests as one group of
///    the repository owner's (``PushBuild``), with a commit-status trigger when the repository has
///    an API token;
/// 4. a pull request does the same at its head commit. One from a fork runs without secrets or
///    `OAUTH2_TOKEN`, is cloned from the fork (which must be on the registered repository's host),
///    and waits for the owner's approval unless the repository says `run`.
public struct ForgeDeliveries: Sendable {
    /// The job rules, which submit the groups.
    public let jobs: JobService
    /// The server's copies of forge repositories.
    public let cache: CommitCache
    /// Where to log.
    public let logger: Logger

    /// Makes one.
    public init(jobs: JobService, cache: CommitCache, logger: Logger) {
        self.jobs = jobs
        self.cache = cache
        self.logger = logger
    }

    /// The largest delivery read, in bytes (GitHub caps its payloads at 25 MB; a push of many
    /// commits stays far below this).
    public static let bodyLimit = 8 << 20

    /// Handles one delivery.
    /// - Parameters:
    ///   - forge: the forge named by the route.
    ///   - headers: the request's headers, by lowercase name.
    ///   - body: the body, as received.
    /// - Returns: what each verified repository built, or why nothing.
    /// - Throws: ``APIError`` 400 (a body that is not the forge's JSON), 401 (no secret proven),
    ///   404 (no repository registered), 422 (a manifest or submission refused), 502 (the commit
    ///   could not be fetched).
    public func deliver(forge: Forge, headers: [String: String], body: Data) async throws -> ForgeDeliveryReply {
        let named: ForgeRepository
        do {
            named = try ForgeEvent.repository(forge: forge, body: body)
        } catch {
            throw APIError(.badRequest, error.message)
        }
        let candidates = try await jobs.store.repositories(forge: forge.rawValue, cloneURLs: named.cloneURLSpellings)
        guard !candidates.isEmpty else {
            throw APIError(
                .notFound,
                "no \(forge.displayName) repository is registered with the clone URL "
                    + "\(named.cloneURLs.first ?? "?") (\(named.fullName)): register it with "
                    + "`hck repo add NAME --forge \(forge.rawValue) --clone-url URL --secret-file FILE`"
            )
        }
        var verified: [RegisteredRepository] = []
        var refusal = ""
        for candidate in candidates {
            do {
                let secret = try jobs.secretBox.open(candidate.sealedSecret)
                try ForgeSignature.verify(forge: forge, headers: headers, body: body, secret: secret)
                verified.append(candidate)
            } catch let error as ForgeError {
                refusal = error.message
            } catch {
                // A secret that does not open with this server's key proves nothing.
                logger.error("repository \(candidate.owner)/\(candidate.name): its webhook secret: \(error)")
                refusal = "the signature cannot be checked against the secret"
            }
        }
        guard !verified.isEmpty else {
            throw APIError(.unauthorized, "\(refusal) registered for \(named.fullName)")
        }
        let event: ForgeEvent
        do {
            event = try ForgeEvent.read(forge: forge, headers: headers, body: body)
        } catch {
            throw APIError(.badRequest, error.message)
        }
        let reply = try await build(event, for: verified, forge: forge)
        // The copies stay within their limits: pruned after each delivery that may have fetched.
        _ = await cache.prune()
        return reply
    }

    /// What `event` builds for each verified repository.
    func build(_ event: ForgeEvent, for verified: [RegisteredRepository], forge: Forge) async throws
        -> ForgeDeliveryReply
    {
        switch event {
        case .ping:
            let names = verified.map(\.name).joined(separator: ", ")
            return ForgeDeliveryReply(message: "pong: \(names) will build", builds: [])
        case .ignored(let reason):
            return ForgeDeliveryReply(message: "nothing to build: \(reason)", builds: [])
        case .push(let push):
            return try await each(verified) { try await build(push, of: $0, forge: forge) }
        case .pullRequest(let request):
            return try await each(verified) { try await build(request, of: $0, forge: forge) }
        }
    }

    /// What `build` builds for each repository. One repository's refusal does not stop the others:
    /// it becomes its note. When every repository was refused, the first refusal is the answer, so
    /// that the forge shows the delivery as failed.
    func each(
        _ repositories: [RegisteredRepository],
        _ build: (RegisteredRepository) async throws -> ForgeDeliveryReply.Build
    ) async throws -> ForgeDeliveryReply {
        var builds: [ForgeDeliveryReply.Build] = []
        var refusals: [any Error] = []
        for repository in repositories {
            do {
                builds.append(try await build(repository))
            } catch {
                refusals.append(error)
                let reason = (error as? APIError)?.message ?? "\(error)"
                builds.append(Self.unbuilt(repository, reason))
            }
        }
        if let first = refusals.first, refusals.count == repositories.count { throw first }
        return ForgeDeliveryReply(message: Self.summary(builds), builds: builds)
    }

    /// What `repository` answers when it builds nothing, and why.
    static func unbuilt(_ repository: RegisteredRepository, _ note: String) -> ForgeDeliveryReply.Build {
        ForgeDeliveryReply.Build(repository: repository.name, group: nil, jobs: [], url: nil, note: note)
    }

    /// "built" when a group was submitted, else the first reason why not.
    static func summary(_ builds: [ForgeDeliveryReply.Build]) -> String {
        if builds.contains(where: { $0.group != nil }) { return "built" }
        return "nothing to build: " + (builds.compactMap(\.note).first ?? "no repository")
    }

    /// What a push to `repository` builds.
    func build(_ push: ForgePush, of repository: RegisteredRepository, forge: Forge) async throws
        -> ForgeDeliveryReply.Build
    {
        guard !push.ref.isDeletion else { return Self.unbuilt(repository, "\(push.ref.name) was deleted") }
        let copy = try await fetch(push.ref.new, of: repository, from: repository.cloneURL)
        let build = try await pushBuild(
            push.ref,
            in: copy,
            repository: repository,
            origin: PushOrigin(submitter: forge.rawValue)
        )
        return try await submit(
            build,
            of: repository,
            named: push.repository.fullName,
            commit: push.ref.new,
            trusted: true,
            waits: false
        )
    }

    /// What a pull request on `repository` builds: one from the repository itself is fetched from
    /// its registered clone URL; one from a fork from the fork's URL, which must be an http(s) or
    /// git URL on the registered repository's host and port.
    func build(_ request: ForgePullRequest, of repository: RegisteredRepository, forge: Forge) async throws
        -> ForgeDeliveryReply.Build
    {
        let fork = request.isFromFork
        if fork, let refusal = Self.refusal(ofFork: request.headCloneURL, for: repository) {
            let note = "pull request #\(request.number) comes from \(request.headCloneURL): \(refusal): not built"
            return Self.unbuilt(repository, note)
        }
        let refName =
            forge == .gitlab ? "refs/merge-requests/\(request.number)/head" : "refs/pull/\(request.number)/head"
        let ref = PushedRef(old: String(repeating: "0", count: 40), new: request.headCommit, name: refName)
        let source = fork ? request.headCloneURL : repository.cloneURL
        let copy = try await fetch(request.headCommit, of: repository, from: source)
        let origin = PushOrigin(
            submitter: forge.rawValue,
            request: PushOrigin.Request(
                number: request.number,
                title: request.title,
                headBranch: request.headBranch,
                baseBranch: request.baseBranch
            ),
            fetchURL: fork ? request.headCloneURL : nil
        )
        let build = try await pushBuild(ref, in: copy, repository: repository, origin: origin)
        return try await submit(
            build,
            of: repository,
            named: request.repository.fullName,
            commit: request.headCommit,
            trusted: !fork,
            waits: fork && repository.forkBuilds == .approve
        )
    }

    /// Why the server will not fetch a fork from `url`, or nil when it may: the URL must pass the
    /// rule of a registered clone URL (http(s) or git, a host, no credentials) and be on the
    /// registered repository's host and port.
    static func refusal(ofFork url: String, for repository: RegisteredRepository) -> String? {
        do {
            try FieldRules.checkRepositoryURL(url, field: "head clone URL", schemes: FieldRules.cloneSchemes)
        } catch {
            return error.message
        }
        let registered = URLComponents(string: repository.cloneURL)
        let fork = URLComponents(string: url)
        guard let registered, let fork, registered.host?.lowercased() == fork.host?.lowercased(),
            Self.port(of: registered) == Self.port(of: fork)
        else {
            return "it is not on \(registered?.host ?? "?"), the registered repository's host and port"
        }
        return nil
    }

    /// A URL's port, or its scheme's default.
    static func port(of url: URLComponents) -> Int? {
        url.port ?? ["http": 80, "https": 443, "git": 9418][url.scheme?.lowercased() ?? ""]
    }

    /// The cache's copy of `repository` holding `commit`, fetched from `url`.
    /// - Throws: a 502 when the commit cannot be fetched.
    func fetch(_ commit: String, of repository: RegisteredRepository, from url: String) async throws -> GitRepository {
        do {
            return try await cache.repository(named: repository.name, holding: commit, from: url)
        } catch let error as GitPushError {
            logger.warning("forge delivery for \(repository.owner)/\(repository.name): \(error.message)")
            throw APIError(.badGateway, "cannot fetch commit \(commit) from \(url): \(error.message)")
        }
    }

    /// ``PushBuild/of(_:in:cloneURL:origin:)``, its refusals as 422s.
    func pushBuild(_ ref: PushedRef, in copy: GitRepository, repository: RegisteredRepository, origin: PushOrigin)
        async throws -> PushBuild
    {
        do {
            return try await PushBuild.of(ref, in: copy, cloneURL: repository.cloneURL, origin: origin)
        } catch let error as GitPushError {
            throw APIError(.unprocessableContent, "\(repository.name): \(error.message)")
        }
    }

    /// Submits `build` as a group of the repository owner's (which its forge calls `forgePath`): with secrets when `trusted`, held
    /// (pending) when it `waits` for approval, and with a commit-status trigger when the
    /// repository has an API token.
    func submit(
        _ build: PushBuild,
        of repository: RegisteredRepository,
        named forgePath: String,
        commit: String,
        trusted: Bool,
        waits: Bool
    ) async throws -> ForgeDeliveryReply.Build {
        let group: PushGroup
        switch build {
        case .skipped(let reason):
            return Self.unbuilt(repository, reason)
        case .group(let built):
            group = built
        }
        guard let owner = try await jobs.store.user(named: repository.owner) else {
            throw APIError(.notFound, "repository \(repository.name)'s owner \(repository.owner) is no longer a user")
        }
        var requests = group.requests
        if !trusted { for index in requests.indices { requests[index].secrets = false } }
        let status = GroupTrigger.commitStatus(repository: repository.name, forgePath: forgePath, commit: commit)
        let triggers = repository.apiURL == nil ? [] : [status]
        let submitted: JobGroup
        do {
            submitted = try await jobs.submitGroup(
                requests,
                note: group.note,
                triggers: triggers,
                start: !waits,
                by: owner
            )
        } catch let error as JobError where error.reason == .invalid {
            var refusal = APIError(error)
            refusal.status = .unprocessableContent
            throw refusal
        }
        let url = JobLinks(baseURL: jobs.baseURL).groupPage(submitted.id)
        let held = waits ? ", waiting for approval" : ""
        logger.info(
            "\(repository.owner)/\(repository.name): commit \(commit.prefix(12)) submitted as group \(submitted.id)\(held)"
        )
        return ForgeDeliveryReply.Build(
            repository: repository.name,
            group: submitted.id,
            jobs: submitted.jobIDs,
            url: url,
            note: waits ? "from a fork: waits for ~\(repository.owner)'s approval at \(url)" : nil
        )
    }
}
