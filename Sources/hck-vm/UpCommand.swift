import ArgumentParser
import CLI
import Client
import Foundation
import HckMetrics
import Logging
import Node
import Server
import ServiceLifecycle
import Store
import UnixSignals
import Wire

/// `hck up`: the server and one runner node in one process, on SQLite: hck on a single machine.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: VMCommandName.up.rawValue,
        abstract: VMCommandName.up.abstract,
        discussion: """
            Creates once, in the data directory, a runner token and a user for you (user.token holds \
            your API token), prints the URL and how to point the CLI at it, then serves. SIGTERM stops \
            taking jobs, lets running ones finish and drains the server; SIGINT cancels running jobs.
            """
    )

    @Option(help: "Address to listen on: HOST:PORT, or PORT for 127.0.0.1.")
    var listen = "127.0.0.1:8080"

    @Option(help: "Your user's name (default: the login name).")
    var user: String?

    @OptionGroup var server: ServerOptions
    @OptionGroup var runner: RunnerOptions

    func validate() throws {
        _ = try address()
    }

    /// --listen as host and port.
    private func address() throws -> (host: String, port: Int) {
        let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
        let host = parts.count > 1 ? parts.dropLast().joined(separator: ":") : "127.0.0.1"
        guard let port = parts.last.flatMap({ Int($0) }), (0...65535).contains(port), !host.isEmpty else {
            throw ValidationError("--listen \(listen): write HOST:PORT (e.g. 127.0.0.1:8080) or a port")
        }
        return (host, port)
    }

    func run() async throws {
        let logger = Logger.informational("hck.up")
        let (host, port) = try address()
        let directory = server.dataDirectory
        let accounts = try await LocalAccounts.open(dataDirectory: directory, user: user)
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        let baseURL = server.url ?? "http://\(shownHost):\(port)"
        var configuration = try server.configuration(host: host, port: port)
        configuration.baseURL = baseURL
        let app = try await APIServer(configuration: configuration).makeApplication(logger: logger) { _ in
            print(
                """
                hck up: serving \(baseURL) (data in \(directory)) as user \(accounts.user)
                  point the CLI at it:  export HCK_URL=\(baseURL) HCK_TOKEN=$(cat \(accounts.userTokenPath))
                  or put 'url = \(baseURL)' and 'token = …' (from \(accounts.userTokenPath)) in \(ClientConfigFile.path)
                """
            )
            fflush(nil)
        }
        let client = APIClient(baseURL: URL(string: "http://\(shownHost):\(port)")!, token: accounts.runnerToken)
        let metrics = RunnerMetrics()
        // Bound before anything starts, so an address in use stops hck up at once.
        let endpoint = try await runner.metricsEndpoint(metrics, logger: logger)
        try await runner.isolation.whileIsolated(command: "hck up", logger: logger) { network in
            let (node, gateway) = try await runner.node(
                client: client,
                defaultWorkDirectory: "/var/tmp/hck-up-\(LocalAccounts.folderKey(directory))",
                network: network,
                metrics: metrics,
                logger: logger
            )
            // Services stop in reverse order: the runner node stops taking jobs before the server
            // drains, and the runner's /metrics answers until the end.
            let services = ([endpoint, app, node, gateway] as [(any Service)?]).compactMap { $0 }
            let group = ServiceGroup(
                configuration: .init(
                    services: services.map { .init(service: $0) },
                    gracefulShutdownSignals: [.sigterm],
                    cancellationSignals: [.sigint],
                    logger: logger
                )
            )
            try await group.run()
        }
    }
}
