public import Foundation
public import Images

/// What a job's VM is made of.
public struct VMSpec: Sendable {
    /// The job the VM is for; the domain is named `hck-job-<jobID>`.
    public var jobID: String
    /// The built image to boot (read-only; the VM writes to its own overlay).
    public var image: BuiltImage
    /// Guest memory in MiB.
    public var memoryMiB: Int
    /// Virtual CPUs.
    public var cpus: Int
    /// The OpenSSH `authorized_keys` line the guest installs for its build user.
    public var authorizedKey: String
    /// Where the serial console is captured (the job's setup log).
    public var consoleLog: URL
    /// How long to wait for the guest to print its host key.
    public var bootTimeout: Duration
    /// Whether the VM is restored from the image's saved state or booted cold.
    public var boot: BootMode

    /// Describes a job's VM.
    /// - Parameters:
    ///   - jobID: the job's identifier.
    ///   - image: the built image to boot.
    ///   - memoryMiB: guest memory in MiB.
    ///   - cpus: virtual CPUs.
    ///   - authorizedKey: the `authorized_keys` line for the build user.
    ///   - consoleLog: where the serial console goes.
    ///   - bootTimeout: how long the guest may take to print its host key.
    ///   - boot: restored from the image's saved state, or booted cold.
    public init(
        jobID: String,
        image: BuiltImage,
        memoryMiB: Int = 2048,
        cpus: Int = 2,
        authorizedKey: String,
        consoleLog: URL,
        bootTimeout: Duration = .seconds(180),
        boot: BootMode = .cold
    ) {
        self.jobID = jobID
        self.image = image
        self.memoryMiB = memoryMiB
        self.cpus = cpus
        self.authorizedKey = authorizedKey
        self.consoleLog = consoleLog
        self.bootTimeout = bootTimeout
        self.boot = boot
    }

    /// The libvirt domain's name.
    public var domainName: DomainName { DomainName(jobID: jobID) }

    /// The kernel command line: the image's boot arguments plus the job's key.
    public var kernelCommandLine: String {
        let key = Data(authorizedKey.trimmingCharacters(in: .whitespacesAndNewlines).utf8).base64EncodedString()
        return "\(image.metadata.bootArguments) hck.key=\(key)"
    }
}
