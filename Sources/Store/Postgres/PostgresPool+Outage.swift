import Foundation
import HckCore
import Logging
import Manifest
import PostgresNIO
import Wire

/// A time during which the store's PostgreSQL server could not be reached.
struct PostgresOutage: Sendable {
    /// When a query first failed.
    let began: ContinuousClock.Instant
    /// The same, for people.
    let since: Date
    /// Why it cannot be reached, as the probe (or else the first failed query) found.
    var cause: StoreError
    /// Whether a probe failed too (else a query failed but the server may well answer).
    var confirmed = false

    /// The error a query gets while the outage lasts, without trying the database.
    /// - Parameter doing: what the store was doing.
    func failure(_ doing: String) -> StoreError {
        StoreError(.unreachable, "\(cause.message) (while \(doing); unreachable since \(since.formatted(.iso8601)))")
    }
}

/// How the pool notices an outage, says so once, and notices its end.
extension PostgresPool {
    /// Records that a query could not reach the database; the first such failure starts a suspected
    /// outage and wakes the probe, which confirms it or ends it.
    /// - Parameter failure: the query's error (`unreachable`).
    func lost(_ failure: StoreError) async {
        guard outage == nil else { return }
        outage = PostgresOutage(began: .now, since: Date(), cause: failure)
        await changes.ring(.suspected)
    }

    /// The client to use and the outage to fail with, once the probe decided about a suspected one:
    /// a pool that was only busy (every connection leased when a query's wait ended) is no outage,
    /// so the queries after it are not failed for it. Waits at most about a probe's connect
    /// timeout, then takes the outage for real.
    func verdict() async -> (PostgresClient, PostgresOutage?) {
        let limit = ContinuousClock.now + .seconds(15)
        while let outage, !outage.confirmed, ContinuousClock.now < limit, !Task.isCancelled {
            let seen = await changes.generation(of: .settled)
            guard let again = self.outage, !again.confirmed else { break }
            await changes.wait(for: .settled, after: seen, timeout: .seconds(1))
        }
        return (client, outage)
    }

    /// Returns once the database is reachable (at once when no outage is known), or when cancelled.
    func waitUntilReachable() async {
        while !Task.isCancelled {
            let seen = await changes.generation(of: .regained)
            guard outage != nil else { return }
            await changes.wait(for: .regained, after: seen, timeout: .seconds(60))
        }
    }

    /// Probes the database during each outage, every ``probeInterval`` until it answers, then ends the
    /// outage (replacing the client when the outage was real: the old one may be waiting out a backoff).
    func watch() async {
        while !Task.isCancelled {
            let seen = await changes.generation(of: .suspected)
            guard var outage else {
                await changes.wait(for: .suspected, after: seen, timeout: .seconds(3600))
                continue
            }
            do {
                try await probe()
            } catch {
                if Task.isCancelled { return }
                if !outage.confirmed {
                    outage.cause = StoreError.postgres(error, address: address, doing: "connecting")
                    outage.confirmed = true
                    self.outage = outage
                    let consequence =
                        "until it answers, requests get 503 and background work waits (trying again every "
                        + "\(probeInterval.secondsText))"
                    logger.error("the database cannot be reached (\(outage.cause.message)); \(consequence)")
                    await changes.ring(.lost)
                    await changes.ring(.settled)
                }
                try? await Task.sleep(for: probeInterval)
                continue
            }
            if outage.confirmed {
                replaceClient()
                let lasted = (ContinuousClock.now - outage.began).secondsText
                logger.notice(
                    "PostgreSQL at \(address.host):\(address.port) answers again after \(lasted): serving requests again"
                )
            } else {
                logger.warning(
                    "a query failed, but PostgreSQL answers (the pool's connections were busy, or a moment's hitch): \(outage.cause.message)"
                )
            }
            self.outage = nil
            await changes.ring(.regained)
            await changes.ring(.settled)
        }
    }

    /// Connects once outside the pool and runs `SELECT 1` (watched, as the pool's queries are).
    private func probe() async throws {
        let connection = try await PostgresJobStore.connect(to: address, logger: logger)
        do {
            // Within a time limit: a server that accepted the connection and then froze (or a network
            // that drops packets) would keep the probe, and so the outage, waiting for TCP to give up.
            let expired: @Sendable () -> any Error = { [address] in
                StoreError.unreachable(address, doing: "probing", "no answer to SELECT 1 within 10 s")
            }
            try await withTimeLimit(.seconds(10), expired: expired) { [address, logger] in
                try await Self.watched(connection, doing: "probing", address: address, logger: logger) {
                    _ = try await $0.query("SELECT 1", logger: logger)
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }
}
