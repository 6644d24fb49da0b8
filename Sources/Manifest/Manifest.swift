/// A build manifest: what a job installs, clones, runs, keeps and reports.
///
/// `Manifest.parse(_:file:)` reads one from YAML text; the fields keep the order the author wrote.
public struct Manifest: Sendable, Hashable, Codable {
    /// The image to boot, e.g. `debian/stable` (at most 128 characters).
    public var image: String
    /// The architecture asked for, or `nil` for the image's default (`default` is read as `nil`).
    public var arch: String?
    /// Packages installed with the image's package manager before sources are cloned.
    public var packages: [String]
    /// Extra package repositories, in manifest order.
    public var repositories: [Repository]
    /// Repositories cloned into the build user's home, in manifest order.
    public var sources: [Source]
    /// Variables written to `~/.buildenv`, in manifest order.
    public var environment: [EnvironmentVariable]
    /// Secret UUIDs or names of the submitting user's secrets.
    public var secrets: [String]
    /// Whether the VM stays up for SSH after the tasks.
    public var shell: Bool
    /// Files to keep when the job succeeds, relative to the build user's home unless absolute.
    public var artifacts: [String]
    /// The tasks, run in order.
    public var tasks: [BuildTask]
    /// What to do when the job ends.
    public var triggers: [Trigger]
    /// Grants for a job-scoped API token exported as `OAUTH2_TOKEN`, or `nil` for none.
    public var oauth: String?

    /// Creates a manifest; only `image` is required.
    /// - Parameters:
    ///   - image: the image to boot.
    ///   - arch: the architecture, `nil` for the image's default.
    ///   - packages: packages to install.
    ///   - repositories: extra package repositories.
    ///   - sources: repositories to clone.
    ///   - environment: variables for `~/.buildenv`.
    ///   - secrets: secrets to install.
    ///   - shell: keep the VM for SSH after the tasks.
    ///   - artifacts: files to keep.
    ///   - tasks: the tasks.
    ///   - triggers: what to do when the job ends.
    ///   - oauth: grants for a job-scoped token.
    public init(
        image: String,
        arch: String? = nil,
        packages: [String] = [],
        repositories: [Repository] = [],
        sources: [Source] = [],
        environment: [EnvironmentVariable] = [],
        secrets: [String] = [],
        shell: Bool = false,
        artifacts: [String] = [],
        tasks: [BuildTask] = [],
        triggers: [Trigger] = [],
        oauth: String? = nil
    ) {
        self.image = image
        self.arch = arch
        self.packages = packages
        self.repositories = repositories
        self.sources = sources
        self.environment = environment
        self.secrets = secrets
        self.shell = shell
        self.artifacts = artifacts
        self.tasks = tasks
        self.triggers = triggers
        self.oauth = oauth
    }
}

/// One extra package repository: its name and the spec the image's package manager understands.
public struct Repository: Sendable, Hashable, Codable {
    /// The repository's name (for apt, the name of its sources.list.d file).
    public var name: String
    /// The spec, e.g. `http://deb.example.org/debian bookworm main KEYID`, or `nil` when the manifest wrote null.
    public var spec: String?

    /// Creates a repository entry.
    /// - Parameters:
    ///   - name: the repository's name.
    ///   - spec: its spec, or `nil`.
    public init(name: String, spec: String?) {
        self.name = name
        self.spec = spec
    }
}

/// A manifest together with the warnings found while reading it.
public struct ParsedManifest: Sendable, Hashable {
    /// The manifest.
    public var manifest: Manifest
    /// Things that do not make the manifest invalid but are worth telling its author (unknown fields…).
    public var warnings: [Diagnostic]

    /// Creates a parsed manifest.
    /// - Parameters:
    ///   - manifest: the manifest.
    ///   - warnings: its warnings.
    public init(manifest: Manifest, warnings: [Diagnostic]) {
        self.manifest = manifest
        self.warnings = warnings
    }
}
