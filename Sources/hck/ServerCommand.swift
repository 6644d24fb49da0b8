import ArgumentParser
import CLI
import Client
import Logging
import Server
import Store
import Wire

/// `hck server`: the HTTP API, store, queue and trigger dispatcher.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the API server (SQLite in the data directory, or PostgreSQL); SIGTERM drains it gracefully."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @OptionGroup var server: ServerOptions
    @OptionGroup var database: DatabaseOption
    @OptionGroup var logging: LogLevelOption

    func run() async throws {
        var configuration = try server.configuration(host: host, port: port)
        configuration.database = try database.location()
        let logger = logging.logger("hck.server")
        try await APIServer(configuration: configuration).run(logger: logger) { [host, configuration] port in
            logger.info(
                "hck server listening on \(host):\(port), data in \(configuration.dataDirectory), jobs in \(configuration.database)"
            )
        }
    }
}
