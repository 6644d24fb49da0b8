public import ArgumentParser
import Client
import Manifest
public import Server
import Store
import Wire

/// What `hck server` and `hck up` share: the data directory, public URL, leases, job ids and mail.
package struct ServerOptions: ParsableArguments {
    /// Options as ArgumentParser makes them.
    package init() {}

    @Option(help: "The data directory (default: $HCK_DATA_DIR, /var/lib/hck as root, else ~/.local/share/hck).")
    package var data: String?

    @Option(help: "The public URL used in job JSON and emails (default http://HOST:PORT).")
    package var url: String?

    @Option(help: "Seconds a runner's lease lasts without a heartbeat.")
    package var leaseSeconds = 30

    @Option(help: "The smallest id a new job gets (job ids name VMs, global to a libvirt host).")
    package var firstJobId: Int64?

    @Option(help: "Minutes a job may run once a runner took it; then the server ends it 'timeout'.")
    package var jobTimeoutMinutes = 45

    @Option(help: "The largest artifact accepted, in bytes or with a K, M or G suffix (e.g. 512M).")
    package var artifactSizeLimit = ByteCount(bytes: 1 << 30)

    @Option(help: "The largest manifest accepted, in bytes or with a K or M suffix (builds.sr.ht's is 16K).")
    package var manifestSizeLimit = ByteCount(bytes: Int64(Manifest.defaultSizeLimit))

    @Option(
        help: "Seconds from a request's first byte until its whole head has arrived; then the connection is closed."
    )
    package var headTimeoutSeconds = 10

    @Option(help: "Seconds a connection may stay open with no request in progress.")
    package var idleTimeoutSeconds = 60

    @Option(help: "Seconds a request's body may pause between two pieces.")
    package var bodyTimeoutSeconds = 60

    @Option(help: "Connections one client address may hold at once; more are closed as they open.")
    package var connectionsPerAddress = 128

    @OptionGroup package var smtp: SMTPOptions

    @OptionGroup package var secretsKey: SecretsKeyOption

    @OptionGroup package var retention: RetentionOptions

    package func validate() throws {
        guard leaseSeconds >= 2 else { throw ValidationError("--lease-seconds \(leaseSeconds): use 2 or more") }
        guard jobTimeoutMinutes >= 1 else {
            throw ValidationError("--job-timeout-minutes \(jobTimeoutMinutes): use 1 or more")
        }
        if let firstJobId, firstJobId < 1 { throw ValidationError("--first-job-id \(firstJobId): use 1 or more") }
        for (flag, value) in [
            ("--head-timeout-seconds", headTimeoutSeconds), ("--idle-timeout-seconds", idleTimeoutSeconds),
            ("--body-timeout-seconds", bodyTimeoutSeconds), ("--connections-per-address", connectionsPerAddress),
        ] where !(1...86_400).contains(value) {
            throw ValidationError("\(flag) \(value): use 1 to 86400")
        }
    }

    /// The data directory to use.
    package var dataDirectory: String { data ?? DataDirectory.defaultPath }

    /// The server's configuration for an address.
    /// - Parameters:
    ///   - host: the address to listen on.
    ///   - port: the port.
    package func configuration(host: String, port: Int) throws -> APIServer.Configuration {
        var configuration = APIServer.Configuration(dataDirectory: dataDirectory)
        configuration.host = host
        configuration.port = port
        configuration.baseURL = url
        configuration.leaseDuration = .seconds(leaseSeconds)
        configuration.jobTimeout = .seconds(jobTimeoutMinutes * 60)
        configuration.artifactSizeLimit = artifactSizeLimit.bytes
        configuration.manifestSizeLimit = Int(manifestSizeLimit.bytes)
        configuration.mail = try smtp.transport()
        configuration.firstJobID = firstJobId
        configuration.secretsKeyFile = secretsKey.namedFile
        configuration.retention = retention.retention
        configuration.connections.headTimeout = .seconds(headTimeoutSeconds)
        configuration.connections.idleTimeout = .seconds(idleTimeoutSeconds)
        configuration.connections.bodyTimeout = .seconds(bodyTimeoutSeconds)
        configuration.connections.connectionsPerAddress = connectionsPerAddress
        return configuration
    }
}
