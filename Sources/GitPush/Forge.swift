/// A forge that sends hck webhooks: Gitea (Forgejo sends the same payloads), GitHub or GitLab.
///
/// Each names the headers its deliveries carry: which event it is, and how it is signed.
public enum Forge: String, Sendable, Hashable, CaseIterable, Codable {
    /// Gitea, and Forgejo, which sends Gitea's headers and payloads too.
    case gitea
    /// GitHub.
    case github
    /// GitLab.
    case gitlab

    /// The header naming the event (lowercase, as HTTP/2 and the server's lookups spell it).
    public var eventHeader: String {
        switch self {
        case .gitea: "x-gitea-event"
        case .github: "x-github-event"
        case .gitlab: "x-gitlab-event"
        }
    }

    /// The header carrying the proof of the secret: an HMAC-SHA256 of the body for Gitea and GitHub,
    /// the secret itself for GitLab.
    public var signatureHeader: String {
        switch self {
        case .gitea: "x-gitea-signature"
        case .github: "x-hub-signature-256"
        case .gitlab: "x-gitlab-token"
        }
    }

    /// The forge's name as people write it.
    public var displayName: String {
        switch self {
        case .gitea: "Gitea"
        case .github: "GitHub"
        case .gitlab: "GitLab"
        }
    }
}
