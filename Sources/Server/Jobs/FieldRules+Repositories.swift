import Foundation
import GitPush
import Store
import Wire

extension FieldRules {
    /// The longest repository name, in characters.
    static let repositoryNameLength = 64
    /// The longest webhook secret or API token, in bytes of UTF-8.
    static let repositoryCredentialBytes = 1024
    /// The longest clone or API URL, in bytes of UTF-8.
    static let repositoryURLBytes = 2048

    /// A repository to register: a name that can be a tag, a known forge, a clone URL the server
    /// may fetch from, a secret, an API URL and token together or neither, and a fork setting.
    /// - Returns: the forge and the fork setting, read.
    static func checkRepository(_ request: RepositoryRequest) throws(APIError)
        -> (forge: Forge, forkBuilds: RegisteredRepository.ForkBuilds)
    {
        let name = request.name
        guard !name.isEmpty, name.count <= repositoryNameLength, PushBuild.tag(name) == name else {
            throw refusal(
                "name",
                "of repository '\(name.prefix(40))' must be 1 to \(repositoryNameLength) letters, digits, '.', '_' or '-'"
            )
        }
        guard let forge = Forge(rawValue: request.forge) else {
            throw refusal(
                "forge",
                "must be gitea (also for Forgejo), github or gitlab, not '\(request.forge.prefix(40))'"
            )
        }
        try checkRepositoryURL(request.cloneUrl, field: "clone_url", schemes: cloneSchemes)
        guard !request.secret.isEmpty, request.secret.utf8.count <= repositoryCredentialBytes else {
            throw refusal(
                "secret",
                "must be 1 to \(repositoryCredentialBytes) bytes: the webhook secret given to the forge"
            )
        }
        switch (request.apiUrl, request.apiToken) {
        case (nil, nil):
            break
        case (let url?, let token?):
            try checkRepositoryURL(url, field: "api_url", schemes: ["http", "https"])
            guard !token.isEmpty, token.utf8.count <= repositoryCredentialBytes else {
                throw refusal("api_token", "must be 1 to \(repositoryCredentialBytes) bytes")
            }
        case (nil, _?):
            throw refusal("api_url", "is needed with an api_token: the forge's API base, e.g. https://HOST/api/v1")
        case (_?, nil):
            throw refusal("api_token", "is needed with an api_url: a token that may set commit statuses")
        }
        let forks = request.forkBuilds ?? RegisteredRepository.ForkBuilds.approve.rawValue
        guard let forkBuilds = RegisteredRepository.ForkBuilds(rawValue: forks) else {
            throw refusal("fork_builds", "must be approve or run, not '\(forks.prefix(40))'")
        }
        return (forge, forkBuilds)
    }

    /// The schemes the server fetches commits over (as the commit cache's git allows).
    static let cloneSchemes: Set<String> = ["http", "https", "git"]

    /// A URL with one of `schemes`, a host, and no credentials (they would show in listings and
    /// logs; the forge's API token is given apart).
    static func checkRepositoryURL(_ text: String, field: String, schemes: Set<String>) throws(APIError) {
        guard text.utf8.count <= repositoryURLBytes, !hasControlCharacters(text), !text.contains(" "),
            let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw refusal(
                field,
                "must be a \(schemes.sorted().joined(separator: ", ")) URL with a host, not '\(text.prefix(80))'"
            )
        }
        guard url.user == nil, url.password == nil else {
            throw refusal(field, "must not carry credentials (user:password@): give a token apart")
        }
    }
}
