/// The commit a push brought: what the note and the skip check read.
public struct PushCommit: Sendable, Hashable {
    /// The full object id.
    public var id: String
    /// The abbreviated id git prints.
    public var shortID: String
    /// The author's name.
    public var authorName: String
    /// The author's email address.
    public var authorEmail: String
    /// The message's first line.
    public var subject: String
    /// The whole message.
    public var message: String

    /// Makes one from its parts.
    public init(id: String, shortID: String, authorName: String, authorEmail: String, subject: String, message: String)
    {
        self.id = id
        self.shortID = shortID
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.subject = subject
        self.message = message
    }

    /// Whether the message asks for no build: `[skip ci]` or `[ci skip]`, in any case.
    public var asksToSkipCI: Bool {
        let lowered = message.lowercased()
        return lowered.contains("[skip ci]") || lowered.contains("[ci skip]")
    }
}
