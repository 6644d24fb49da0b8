import ArgumentParser
import HckCore
import Logging
import Runner

/// What `hck run`, `hck runner` and `hck up` share about their guests' network: the nftables
/// rules that keep guests off this host and private networks (``GuestIsolation``), the ports
/// allowed through them, and the loud way out.
struct GuestIsolationOptions: ParsableArguments {
    @Option(
        name: .customLong("guest-forward"),
        help: ArgumentHelp(
            "Let guests reach HOST:PORT (TCP), e.g. apt-cache=127.0.0.1:3142; repeatable.",
            discussion:
                "A guest reaches this host's 127.0.0.1:PORT at 10.0.2.2:PORT, any other address as itself."
        )
    )
    var forwards: [String] = []

    @Flag(
        help:
            "Do not keep guests off this host's addresses and private networks (UNSAFE: jobs reach every service on this host's loopback and LAN)."
    )
    var noGuestIsolation = false

    @OptionGroup var packageCache: PackageCacheOptions

    func validate() throws {
        _ = try parsedForwards()
        if noGuestIsolation && !forwards.isEmpty {
            throw ValidationError("--guest-forward has no use with --no-guest-isolation: guests reach everything")
        }
    }

    private func parsedForwards() throws -> [GuestForward] {
        try forwards.map { text in
            do {
                return try GuestForward(parsing: text)
            } catch let error as GuestIsolationError {
                throw ValidationError(error.message)
            }
        }
    }

    /// Runs `body` with the guests isolated (unless --no-guest-isolation) and the host's package
    /// cache serving (unless --no-package-cache), removing the rules after it; refuses to run it
    /// when the guests cannot be isolated.
    func whileIsolated<Result: Sendable>(
        command: String,
        logger: Logger,
        _ body: (GuestNetwork) async throws -> Result
    ) async throws -> Result {
        try await packageCache.whileServing(asQEMUUser: !noGuestIsolation, logger: logger) { cache in
            try await whileIsolated(command: command, also: cache.map { [$0.forward] } ?? [], logger: logger) {
                try await body(GuestNetwork(isolated: $0, packageCache: cache?.forward))
            }
        }
    }

    private func whileIsolated<Result: Sendable>(
        command: String,
        also hostForwards: [GuestForward],
        logger: Logger,
        _ body: (_ isolated: Bool) async throws -> Result
    ) async throws -> Result {
        guard !noGuestIsolation else {
            logger.warning(
                "GUEST ISOLATION IS OFF (--no-guest-isolation): jobs reach every service on this host's loopback (as 10.0.2.2), its own addresses, its LAN and link-local addresses such as cloud metadata"
            )
            return try await body(false)
        }
        let forwards = try parsedForwards() + hostForwards
        let installed: Result
        do {
            installed = try await GuestIsolation.whileInstalled(forwards: forwards, logger: logger) {
                logger.info(
                    "guests isolated: no connection to this host or private networks\(forwards.isEmpty ? "" : "; allowed: " + forwards.map { "\($0.name) at \($0.guestAddress)" }.joined(separator: ", "))"
                )
                return try await body(true)
            }
        } catch let error as GuestIsolationError {
            throw GuestIsolationError(
                error.code,
                "\(command) cannot keep its guests off this host: \(error.message). Fix that (run as root with Debian's nftables installed), or start with --no-guest-isolation to let jobs reach this host and its networks (unsafe with others' jobs)."
            )
        }
        return installed
    }
}
