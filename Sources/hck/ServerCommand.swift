import API
import ArgumentParser
import Logging

/// `hck server`: the HTTP API, store, queue and trigger dispatcher.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the API server (SQLite in the data directory); SIGTERM drains it gracefully."
    )

    @Option(help: "The data directory (default: $HCK_DATA_DIR, /var/lib/hck as root, else ~/.local/share/hck).")
    var data: String?

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: "The public URL used in job JSON and emails (default http://HOST:PORT).")
    var url: String?

    @Option(help: "Seconds a runner's lease lasts without a heartbeat.")
    var leaseSeconds = 30

    @OptionGroup var smtp: SMTPOptions

    func run() async throws {
        var configuration = APIServer.Configuration(dataDirectory: data ?? DataDirectory.defaultPath)
        configuration.host = host
        configuration.port = port
        configuration.baseURL = url
        configuration.leaseDuration = .seconds(leaseSeconds)
        configuration.mail = try smtp.transport()
        let logger = {
            var logger = Logger(label: "hck.server")
            logger.logLevel = .info
            return logger
        }()
        try await APIServer(configuration: configuration).run(logger: logger) { [host, configuration] port in
            logger.info("hck server listening on \(host):\(port), data in \(configuration.dataDirectory)")
        }
    }
}
