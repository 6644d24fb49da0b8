public import Foundation
public import Images

/// How a runner runs jobs: where things go, how big a VM is, and how long each wait may last.
public struct RunnerConfiguration: Sendable {
    /// Where built images are found.
    public var imageStore: ImageStore
    /// The catalog that resolves aliases (`debian/stable`) and gives package managers; `nil`
    /// takes the manifest's image name literally and the package manager from `image.json`.
    public var catalog: ImageCatalog?
    /// Where per-job files go: `<workDirectory>/<job id>/console.log`, artifacts, keys.
    public var workDirectory: URL
    /// Guest memory in MiB.
    public var memoryMiB: Int
    /// Guest vCPUs.
    public var cpus: Int
    /// Whether job VMs are restored from their image's saved state or booted cold.
    public var boot: BootMode
    /// The job's deadline, counted from the start: then it is `timeout`.
    public var jobTimeout: Duration
    /// How long the guest may take to print its host key.
    public var bootTimeout: Duration
    /// How long SSH may take to answer once the host key is known (generous under TCG).
    public var sshSettleTimeout: Duration
    /// How long a `shell: true` job keeps its VM after the tasks (never past the deadline).
    public var shellKeepAlive: Duration
    /// How long a failed job keeps its VM for the owner to look around; `nil` for not at all.
    public var failedKeepAlive: Duration?
    /// Keep every job's VM after its tasks for this long (`hck run --keep`); `nil` for no.
    public var keepAlways: Duration?
    /// The largest artifact accepted, in bytes.
    public var artifactSizeLimit: Int
    /// Where artifacts are copied; `nil` for `<workDirectory>/<job id>/artifacts`.
    public var artifactDirectory: URL?
    /// The user tasks run as.
    public var user: String
    /// The OpenPGP key server that `repositories:` keys are fetched from; `nil` for the package
    /// manager's own (`hkps://keyserver.ubuntu.com`). Guests must be allowed to reach it.
    public var keyServer: String?
    /// The runner host's package cache as guests reach it (``PackageCache/forward``), or `nil` for
    /// none: each job's package manager is pointed at it.
    public var packageCache: GuestForward?

    /// A configuration with sr.ht's limits as defaults.
    /// - Parameters:
    ///   - imageStore: where built images are.
    ///   - catalog: the image catalog, or `nil`.
    ///   - workDirectory: where per-job files go.
    public init(imageStore: ImageStore, catalog: ImageCatalog? = nil, workDirectory: URL) {
        self.imageStore = imageStore
        self.catalog = catalog
        self.workDirectory = workDirectory
        self.memoryMiB = 2048
        self.cpus = 2
        self.boot = .restore
        self.jobTimeout = .seconds(45 * 60)
        self.bootTimeout = .seconds(180)
        self.sshSettleTimeout = .seconds(120)
        self.shellKeepAlive = .seconds(45 * 60)
        self.failedKeepAlive = nil
        self.keepAlways = nil
        self.artifactSizeLimit = 1 << 30
        self.artifactDirectory = nil
        self.user = "build"
        self.keyServer = nil
        self.packageCache = nil
    }
}
