import Foundation
public import HckCore
public import Logging
import PostgresNIO
public import ServiceLifecycle
import Wire

/// Passes the doorbell's rings between servers that share a PostgreSQL database, with `NOTIFY` and
/// `LISTEN` on the channel `hck_doorbell`: a runner long-polling one server is woken when a job is
/// submitted through another, a cancel reaches a runner heartbeating elsewhere, a live page follows a
/// log appended through another server. A ring lost on the way (the database briefly unreachable)
/// only delays: long-polls end on their timeout and look at the store again. While the database is
/// unreachable the relay waits for it (the store reports the outage), then listens again.
public struct PostgresDoorbellRelay: Service, CustomStringConvertible {
    /// How the service is named in the log.
    public var description: String { "doorbell relay" }

    /// The channel the servers notify on.
    static let channel = "hck_doorbell"

    let store: PostgresJobStore
    let doorbell: Doorbell<QueueEvent>
    let logger: Logger
    /// Marks this server's notifications, so that it does not ring again what it rang itself.
    let origin = UUID().uuidString

    /// Creates a relay.
    /// - Parameters:
    ///   - store: the shared database's store (its connection pool must run).
    ///   - doorbell: the server's doorbell.
    ///   - logger: where a lost connection is reported.
    public init(store: PostgresJobStore, doorbell: Doorbell<QueueEvent>, logger: Logger) {
        self.store = store
        self.doorbell = doorbell
        self.logger = logger
    }

    /// Relays until the service group shuts down.
    public func run() async {
        let rings = await doorbell.rings()
        let pending = PendingRings()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await listen() }
                group.addTask {
                    while let batch = await pending.next() { await notify(batch) }
                }
                for await event in rings { await pending.add(event) }
                await pending.finish()
            }
        }
    }

    /// Passes the rings on in one statement, a notification each.
    private func notify(_ events: [QueueEvent]) async {
        let payloads = events.map { origin + " " + $0.text }
        let what = events.count == 1 ? "'\(events[0].text)'" : "\(events.count) rings"
        do {
            try await store.pool.withConnection("passing \(what) on") { connection in
                _ = try await connection.query(
                    "SELECT pg_notify(\(Self.channel), payload) FROM unnest(\(payloads)::text[]) AS payload",
                    logger: logger
                )
            }
        } catch let failure as StoreError where failure.code == .unreachable {
            logger.debug("other servers miss \(what): \(failure)")
        } catch {
            logger.warning("other servers miss \(what): \(error)")
        }
    }

    /// Listens on one pooled connection; when it fails, listens again once the database answers (a
    /// second later when it failed for another reason).
    private func listen() async {
        var failed = false
        while !Task.isCancelled {
            do {
                try await store.pool.withConnection("listening") { [logger, failed] connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        if failed { logger.notice("hearing other servers' rings again") }
                        for try await notification in notifications { await hear(notification.payload) }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                failed = true
                if let failure = error as? StoreError, failure.code == .unreachable {
                    logger.debug("not hearing other servers' rings until PostgreSQL answers: \(failure)")
                    await store.pool.waitUntilReachable()
                } else {
                    logger.warning("not hearing other servers' rings for a second: \(error)")
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    /// Rings what another server rang.
    private func hear(_ payload: String) async {
        let words = payload.split(separator: " ", maxSplits: 1)
        guard words.count == 2, words[0] != origin, let event = QueueEvent(text: words[1]) else { return }
        await doorbell.ringFromElsewhere(event)
        // Rung there before `progress`, which may come first or be folded into an earlier one here:
        // whoever waits for `progress` must see this `changed`.
        if case .changed(let id) = event { await doorbell.ringFromElsewhere(.progress(id)) }
    }
}
