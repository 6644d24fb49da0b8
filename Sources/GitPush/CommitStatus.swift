public import Foundation
public import Manifest
import Wire

/// A commit's status on a forge, as hck reports a job group's progress there: pending while it runs,
/// then success, failure or error, with a link to the group's page.
public struct CommitStatus: Sendable, Hashable {
    /// The forge's state, in the words of its status API.
    public enum State: String, Sendable, Hashable {
        /// Queued or running.
        case pending
        /// Every job succeeded.
        case success
        /// A job failed or ran out of time.
        case failure
        /// A job was cancelled: the build says nothing about the commit.
        case error
    }

    /// Which forge's API.
    public var forge: Forge
    /// The API's base: `https://HOST/api/v1` (Gitea), `https://api.github.com` (GitHub) or
    /// `https://HOST/api/v4` (GitLab).
    public var apiURL: String
    /// The repository: `owner/name`, or GitLab's `path_with_namespace`.
    public var repository: String
    /// The full id of the commit.
    public var commit: String
    /// What to report.
    public var state: State
    /// The job group's page.
    public var targetURL: String
    /// A line for people, e.g. "2 of 3 jobs succeeded"; cut to 140 characters (GitHub's limit).
    public var description: String
    /// Whose status it is, so that other CIs' statuses stand beside it: `hck` unless set.
    public var context: String

    /// Makes one from its parts.
    public init(
        forge: Forge,
        apiURL: String,
        repository: String,
        commit: String,
        state: State,
        targetURL: String,
        description: String,
        context: String = "hck"
    ) {
        self.forge = forge
        self.apiURL = apiURL
        self.repository = repository
        self.commit = commit
        self.state = state
        self.targetURL = targetURL
        self.description = description
        self.context = context
    }

    /// The state a group of jobs in `statuses` reports: pending until all have ended, then failure if
    /// one failed or timed out, error if one was cancelled, success when all succeeded.
    public static func state(of statuses: [JobStatus]) -> State {
        if statuses.contains(where: { !$0.isFinal }) { return .pending }
        if statuses.contains(where: { $0 == .failed || $0 == .timeout }) { return .failure }
        if statuses.contains(.cancelled) { return .error }
        return .success
    }

    /// The request that sets this status, through each forge's documented status API:
    /// - Gitea: `POST /repos/OWNER/NAME/statuses/SHA`, `Authorization: token TOKEN`;
    /// - GitHub: `POST /repos/OWNER/NAME/statuses/SHA`, `Authorization: Bearer TOKEN`, its media type
    ///   and API version headers, and a `User-Agent` (GitHub refuses requests without one);
    /// - GitLab: `POST /projects/PATH/statuses/SHA` with the path URL-encoded as one segment,
    ///   `PRIVATE-TOKEN: TOKEN`, its states named `pending`, `success`, `failed`, `canceled`, and the
    ///   context called `name`.
    /// - Parameter token: the API token registered for the repository.
    public func request(token: String) -> ForgeHTTPRequest {
        let base = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        let short = description.count > 140 ? String(description.prefix(139)) + "…" : description
        var headers = [("Content-Type", "application/json"), ("User-Agent", "hck")]
        let path: String
        let body: [String: String]
        switch forge {
        case .gitea, .github:
            let segments = repository.split(separator: "/").map { APIRoute.percentEncoded(String($0)) }.joined(
                separator: "/"
            )
            path = "/repos/\(segments)/statuses/\(APIRoute.percentEncoded(commit))"
            body = ["state": state.rawValue, "target_url": targetURL, "description": short, "context": context]
            if forge == .github {
                headers += [
                    ("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28"),
                    ("Authorization", "Bearer \(token)"),
                ]
            } else {
                headers.append(("Authorization", "token \(token)"))
            }
        case .gitlab:
            path = "/projects/\(APIRoute.percentEncoded(repository))/statuses/\(APIRoute.percentEncoded(commit))"
            let states: [State: String] = [
                .pending: "pending", .success: "success", .failure: "failed", .error: "canceled",
            ]
            body = ["state": states[state] ?? "failed", "target_url": targetURL, "description": short, "name": context]
            headers.append(("PRIVATE-TOKEN", token))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ForgeHTTPRequest(
            method: "POST",
            url: base + path,
            headers: headers,
            body: (try? encoder.encode(body)) ?? Data()
        )
    }
}

/// An HTTP request to a forge's API, as data: what to send, for any HTTP client to carry.
public struct ForgeHTTPRequest: Sendable, Hashable {
    /// `POST`.
    public var method: String
    /// The whole URL.
    public var url: String
    /// The headers, in order.
    public var headers: [Header]
    /// The JSON body.
    public var body: Data

    /// One header.
    public struct Header: Sendable, Hashable {
        /// Its name.
        public var name: String
        /// Its value.
        public var value: String
    }

    init(method: String, url: String, headers: [(String, String)], body: Data) {
        self.method = method
        self.url = url
        self.headers = headers.map { Header(name: $0.0, value: $0.1) }
        self.body = body
    }

    /// The value of the header `name` (any case), if sent.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
