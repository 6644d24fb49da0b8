/// Who may see a job.
public enum Visibility: String, Sendable, Hashable, Codable, CaseIterable {
    /// Listed and readable by anyone.
    case `public`
    /// Readable by anyone with its URL, listed only to its owner. The default.
    case unlisted
    /// Readable only by its owner.
    case `private`
}
