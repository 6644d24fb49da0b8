import API
import ArgumentParser

/// What `hck server` and `hck up` share: the data directory, public URL, leases, job ids and mail.
struct ServerOptions: ParsableArguments {
    @Option(help: "The data directory (default: $HCK_DATA_DIR, /var/lib/hck as root, else ~/.local/share/hck).")
    var data: String?

    @Option(help: "The public URL used in job JSON and emails (default http://HOST:PORT).")
    var url: String?

    @Option(help: "Seconds a runner's lease lasts without a heartbeat.")
    var leaseSeconds = 30

    @Option(help: "The smallest id a new job gets (job ids name VMs, global to a libvirt host).")
    var firstJobId: Int64?

    @Option(help: "Minutes a job may run once a runner took it; then the server ends it 'timeout'.")
    var jobTimeoutMinutes = 45

    @Option(help: "The largest artifact accepted, in bytes or with a K, M or G suffix (e.g. 512M).")
    var artifactSizeLimit = ByteCount(bytes: 1 << 30)

    @OptionGroup var smtp: SMTPOptions

    func validate() throws {
        guard leaseSeconds >= 2 else { throw ValidationError("--lease-seconds \(leaseSeconds): use 2 or more") }
        guard jobTimeoutMinutes >= 1 else { throw ValidationError("--job-timeout-minutes \(jobTimeoutMinutes): use 1 or more") }
        if let firstJobId, firstJobId < 1 { throw ValidationError("--first-job-id \(firstJobId): use 1 or more") }
    }

    /// The data directory to use.
    var dataDirectory: String { data ?? DataDirectory.defaultPath }

    /// The server's configuration for an address.
    /// - Parameters:
    ///   - host: the address to listen on.
    ///   - port: the port.
    func configuration(host: String, port: Int) throws -> APIServer.Configuration {
        var configuration = APIServer.Configuration(dataDirectory: dataDirectory)
        configuration.host = host
        configuration.port = port
        configuration.baseURL = url
        configuration.leaseDuration = .seconds(leaseSeconds)
        configuration.jobTimeout = .seconds(jobTimeoutMinutes * 60)
        configuration.artifactSizeLimit = artifactSizeLimit.bytes
        configuration.mail = try smtp.transport()
        configuration.firstJobID = firstJobId
        return configuration
    }
}
