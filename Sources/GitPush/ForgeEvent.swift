public import Foundation
public import HckCore

/// What a verified forge delivery asks hck to do.
public enum ForgeEvent: Sendable, Hashable {
    /// A branch or tag was pushed (or deleted: ``PushedRef/isDeletion``).
    case push(ForgePush)
    /// A pull (merge) request was opened, reopened, or got new commits.
    case pullRequest(ForgePullRequest)
    /// The forge checks that the hook works (GitHub's `ping`); answered, nothing built.
    case ping
    /// An event hck does not build from, and why (a closed request, a label change, an issue…).
    case ignored(String)

    /// Reads a delivery's event from its event header and its JSON body, in the shapes each forge
    /// documents. Call it only after ``ForgeSignature/verify(forge:headers:body:secret:)``.
    /// - Parameters:
    ///   - forge: who sent it.
    ///   - headers: the request's header value by lowercase name.
    ///   - body: the JSON body.
    /// - Throws: ``ForgeError`` `malformedPayload`, saying which field is missing or wrong.
    public static func read(forge: Forge, headers: [String: String], body: Data) throws(ForgeError) -> ForgeEvent {
        let kind = headers[forge.eventHeader] ?? ""
        do {
            switch forge {
            case .github, .gitea: return try gitHubShaped(forge: forge, kind: kind, body: body)
            case .gitlab: return try gitLab(kind: kind, body: body)
            }
        } catch let error as DecodingError {
            throw ForgeError(
                .malformedPayload,
                "\(forge.displayName) \(kind.isEmpty ? "delivery" : "'\(kind)' delivery"): \(Self.describe(error))"
            )
        } catch {
            throw ForgeError(.malformedPayload, "\(forge.displayName) delivery: \(error)")
        }
    }

    /// The decoder of every forge's payloads: their keys are snake_case.
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// A decoding error as "FIELD.PATH: what is wrong", the fields spelled as in the payload.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty
                ? "the body"
                : keys.map { $0.intValue.map { "[\($0)]" } ?? snakeCase($0.stringValue) }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .valueNotFound(_, let context): return "\(path(context.codingPath)) is null"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)) is not \(type)"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// `pullRequest` as `pull_request`: a key as the payload spells it.
    static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { result, character in
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }
}

/// The repository a delivery is about, as the forge names it.
public struct ForgeRepository: Sendable, Hashable {
    /// `owner/name` (GitLab: `path_with_namespace`).
    public var fullName: String
    /// The URLs it may be cloned from (HTTP first, then SSH), to match a registered repository.
    public var cloneURLs: [String]

    /// Makes one from its parts.
    public init(fullName: String, cloneURLs: [String]) {
        self.fullName = fullName
        self.cloneURLs = cloneURLs
    }
}

/// A push, as a forge reports it.
public struct ForgePush: Sendable, Hashable {
    /// The repository pushed to.
    public var repository: ForgeRepository
    /// The ref and its old and new commits, as a post-receive hook would have them.
    public var ref: PushedRef

    /// Makes one from its parts.
    public init(repository: ForgeRepository, ref: PushedRef) {
        self.repository = repository
        self.ref = ref
    }
}

/// A pull (merge) request with new commits to build.
public struct ForgePullRequest: Sendable, Hashable {
    /// The repository the request asks to merge into: the one registered with hck.
    public var repository: ForgeRepository
    /// The request's number on the forge (GitLab: its `iid`).
    public var number: Int
    /// Its title.
    public var title: String
    /// Who opened it (login or username).
    public var author: String
    /// The commit to build: the request's head.
    public var headCommit: String
    /// The branch the commits come from.
    public var headBranch: String
    /// Where the head commit can be fetched from (the fork's URL for a request from a fork).
    public var headCloneURL: String
    /// The branch it would merge into.
    public var baseBranch: String
    /// Whether the commits come from another repository (a fork): such builds are untrusted, and run
    /// without secrets.
    public var isFromFork: Bool

    /// Makes one from its parts.
    public init(
        repository: ForgeRepository,
        number: Int,
        title: String,
        author: String,
        headCommit: String,
        headBranch: String,
        headCloneURL: String,
        baseBranch: String,
        isFromFork: Bool
    ) {
        self.repository = repository
        self.number = number
        self.title = title
        self.author = author
        self.headCommit = headCommit
        self.headBranch = headBranch
        self.headCloneURL = headCloneURL
        self.baseBranch = baseBranch
        self.isFromFork = isFromFork
    }
}
