import Foundation
public import Wire

/// What a submission gives the store to create a job.
public struct NewJob: Sendable, Hashable {
    /// The submitting user's name.
    public var owner: String
    /// The manifest text.
    public var manifest: String
    /// The image the manifest names.
    public var image: String
    /// The architecture the manifest names (resolved to a runner arch).
    public var arch: String
    /// Task names in manifest order.
    public var taskNames: [String]
    /// Free text.
    public var note: String?
    /// Tags.
    public var tags: [String]
    /// Who may see it.
    public var visibility: Visibility
    /// Whether the submitter's secrets are delivered.
    public var secretsEnabled: Bool
    /// Queue at once (`true`) or leave pending until started.
    public var execute: Bool
    /// The group it belongs to.
    public var groupID: Int64?

    /// Creates a submission.
    /// - Parameters:
    ///   - owner: the submitting user's name.
    ///   - manifest: the manifest text.
    ///   - image: the image it names.
    ///   - arch: the architecture it names.
    ///   - taskNames: its task names in order.
    ///   - note: free text.
    ///   - tags: tags.
    ///   - visibility: who may see it.
    ///   - secretsEnabled: whether secrets are delivered.
    ///   - execute: whether to queue it at once.
    ///   - groupID: its group.
    public init(
        owner: String,
        manifest: String,
        image: String,
        arch: String,
        taskNames: [String],
        note: String? = nil,
        tags: [String] = [],
        visibility: Visibility = .unlisted,
        secretsEnabled: Bool = true,
        execute: Bool = true,
        groupID: Int64? = nil
    ) {
        self.owner = owner
        self.manifest = manifest
        self.image = image
        self.arch = arch
        self.taskNames = taskNames
        self.note = note
        self.tags = tags
        self.visibility = visibility
        self.secretsEnabled = secretsEnabled
        self.execute = execute
        self.groupID = groupID
    }
}
