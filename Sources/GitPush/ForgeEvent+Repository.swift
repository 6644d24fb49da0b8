public import Foundation
public import HckCore

extension ForgeEvent {
    /// The repository a delivery names, read before its signature is checked: it says which
    /// registered repository's secret to check the signature with. Nothing else of an unverified
    /// body is read. GitHub and Gitea name it `repository`, GitLab `project`.
    /// - Parameters:
    ///   - forge: who sent it.
    ///   - body: the JSON body.
    /// - Throws: ``ForgeError`` `malformedPayload` when the body names no repository.
    public static func repository(forge: Forge, body: Data) throws(ForgeError) -> ForgeRepository {
        do {
            switch forge {
            case .github, .gitea:
                struct Named: Decodable { var repository: GitHubRepository }
                return try decoder.decode(Named.self, from: body).repository.forgeRepository
            case .gitlab:
                struct Named: Decodable { var project: GitLabProject }
                return try decoder.decode(Named.self, from: body).project.forgeRepository
            }
        } catch let error as DecodingError {
            throw ForgeError(.malformedPayload, "\(forge.displayName) delivery: \(describe(error))")
        } catch {
            throw ForgeError(.malformedPayload, "\(forge.displayName) delivery: \(error)")
        }
    }
}

extension ForgeRepository {
    /// The spellings of its clone URLs a registration may use: each as sent, without a trailing
    /// `/`, and with and without `.git`.
    public var cloneURLSpellings: [String] {
        var spellings: [String] = []
        for url in cloneURLs {
            var bare = Substring(url)
            while bare.hasSuffix("/") { bare = bare.dropLast() }
            if bare.hasSuffix(".git") { bare = bare.dropLast(4) }
            for spelling in [url, String(bare), bare + ".git"] where !spellings.contains(spelling) {
                spellings.append(spelling)
            }
        }
        return spellings
    }
}
