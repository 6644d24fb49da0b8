import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Passes the doorbell's rings between servers that share a PostgreSQL database, with `NOTIFY` and
/// `LISTEN` on the channel `hck_doorbell`: a runner long-polling one server is woken when a job is
/// submitted through another, a cancel reaches a runner heartbeating elsewhere, a live page follows a
/// log appended through another server. A ring lost on the way (the database briefly unreachable)
/// only delays: long-polls end on their timeout and look at the store again.
public struct PostgresDoorbellRelay: Service {
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
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await listen() }
                for await event in rings { await notify(event) }
            }
        }
    }

    private func notify(_ event: QueueEvent) async {
        do {
            try await store.client.query("SELECT pg_notify(\(Self.channel), \(origin + " " + event.text))")
        } catch {
            let failure = StoreError.postgres(error, address: store.address, doing: "passing '\(event.text)' on")
            logger.warning("other servers miss a ring: \(failure)")
        }
    }

    /// Listens on one pooled connection; after a failure, again a second later.
    private func listen() async {
        while !Task.isCancelled {
            do {
                try await store.client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        for try await notification in notifications { await hear(notification.payload) }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                let failure = StoreError.postgres(error, address: store.address, doing: "listening")
                logger.warning("not hearing other servers' rings for a second: \(failure)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Rings what another server rang.
    private func hear(_ payload: String) async {
        let words = payload.split(separator: " ", maxSplits: 1)
        guard words.count == 2, words[0] != origin, let event = QueueEvent(text: words[1]) else { return }
        await doorbell.ringFromElsewhere(event)
    }
}
