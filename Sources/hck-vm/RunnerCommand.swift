import ArgumentParser
import CLI
import Client
import Foundation
import HckCore
import HckMetrics
import Logging
import Node
import Server
import ServiceLifecycle
import Store
import UnixSignals
import Wire

/// `hck runner --server URL --token T`: a runner node taking jobs from a server.
struct RunnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: VMCommandName.runner.rawValue,
        abstract: VMCommandName.runner.abstract,
        discussion: """
            The token comes from `hck admin runner-token NAME` on the server; keep it in a file \
            (--token-file) rather than on the command line. At start the node removes \
            VMs and overlays a crashed runner left in its --work-dir, probes KVM and registers its built \
            images (with the catalog's aliases), arches and slots. SIGTERM stops taking jobs and lets the \
            running ones finish; SIGINT cancels them (their VMs are destroyed).
            """
    )

    @Option(help: "The server's URL, e.g. http://127.0.0.1:8080.")
    var server: String

    @Option(
        help:
            "This runner's token (default: $HCK_RUNNER_TOKEN). Other users see it in the process list: prefer --token-file."
    )
    var token: String?

    @Option(help: "A file holding this runner's token (e.g. a systemd credential: --token-file %d/runner-token).")
    var tokenFile: String?

    @OptionGroup var options: RunnerOptions

    func validate() throws {
        guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--server \(server): write the server's http(s) URL, e.g. http://127.0.0.1:8080")
        }
        guard token == nil || tokenFile == nil else {
            throw ValidationError("give --token or --token-file, not both")
        }
        guard try resolvedToken() != nil else {
            throw ValidationError(
                "no token: give --token-file FILE (or $HCK_RUNNER_TOKEN) with a token from `hck admin runner-token NAME` on the server"
            )
        }
    }

    /// The token from --token-file, --token or $HCK_RUNNER_TOKEN.
    private func resolvedToken() throws -> String? {
        if let tokenFile {
            let text: String
            do {
                text = try String(contentsOfFile: tokenFile, encoding: .utf8)
            } catch {
                throw ValidationError("--token-file \(tokenFile): cannot read it (\(error.localizedDescription))")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw ValidationError("--token-file \(tokenFile) is empty") }
            return token
        }
        return [token, ProcessInfo.processInfo.environment["HCK_RUNNER_TOKEN"]].compactMap { $0 }.first { !$0.isEmpty }
    }

    func run() async throws {
        let logger = Logger.informational("hck.runner")
        let client = APIClient(baseURL: URL(string: server)!, token: try resolvedToken())
        let metrics = RunnerMetrics()
        // Bound before anything starts, so an address in use stops the runner before it registers.
        let endpoint = try await options.metricsEndpoint(metrics, logger: logger)
        try await options.isolation.whileIsolated(command: "hck runner", logger: logger) { network in
            let (node, gateway) = try await options.node(
                client: client,
                defaultWorkDirectory: "/var/tmp/hck-runner",
                network: network,
                metrics: metrics,
                logger: logger
            )
            // The metrics endpoint goes first and the gateway last: services stop in reverse order, so
            // the gateway stops first and /metrics answers until the node's drain is over.
            let services = ([endpoint, node, gateway] as [(any Service)?]).compactMap { $0 }
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
