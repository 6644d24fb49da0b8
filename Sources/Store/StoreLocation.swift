public import HckCore
public import Logging
public import ServiceLifecycle
import Wire

/// What the server needs from its store: the ``JobStore`` contract, the web pages' reads and browser sessions.
public typealias ServerStore = JobPageStore & JobStore & WebSessionStore

/// Where the server keeps its jobs: SQLite in the data directory (the default), or a PostgreSQL
/// database that several servers may share.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// `hck.sqlite` in the data directory.
    case dataDirectory
    /// A PostgreSQL database.
    case postgres(PostgresAddress)

    /// Parses `--database`: `sqlite` (the data directory's file) or a `postgres://` URL.
    /// - Parameter text: what was written.
    public init(parsing text: String) throws {
        self = text == "sqlite" ? .dataDirectory : .postgres(try PostgresAddress(parsing: text))
    }

    /// `sqlite` or the database's URL without its password.
    public var description: String {
        switch self {
        case .dataDirectory: "sqlite"
        case .postgres(let address): address.description
        }
    }

    /// Opens (and migrates) the store. A PostgreSQL store comes with the services that must run beside
    /// the server: its connection pool, and the relay that passes doorbell rings between the servers
    /// sharing the database.
    /// - Parameters:
    ///   - dataDirectory: the data directory (the SQLite file's home).
    ///   - firstJobID: the smallest id a new job may get, or nil.
    ///   - logger: where the store logs.
    public func open(dataDirectory: DataDirectory, firstJobID: Int64?, logger: Logger) async throws
        -> (store: any ServerStore, services: @Sendable (Doorbell<QueueEvent>) -> [any Service])
    {
        switch self {
        case .dataDirectory:
            let store = try dataDirectory.openStore()
            if let firstJobID { try store.startJobIDs(at: firstJobID) }
            return (store, { _ in [] })
        case .postgres(let address):
            let store = try await PostgresJobStore.open(address, firstJobID: firstJobID, logger: logger)
            return (store, { [store, PostgresDoorbellRelay(store: store, doorbell: $0, logger: logger)] })
        }
    }
}
