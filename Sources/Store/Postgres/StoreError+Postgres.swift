import HckCore
import PostgresNIO
import Wire

extension StoreError {
    /// A PostgreSQL failure as a ``StoreError`` that names the server, what the store was doing, and the
    /// cause (PostgresNIO's own description hides everything, so the server's message and SQLSTATE are
    /// taken out of it). Errors that already are ``StoreError``s pass through.
    /// - Parameters:
    ///   - error: what PostgresNIO (or the store) threw.
    ///   - address: the database.
    ///   - doing: what the store was doing, e.g. "claiming a job".
    static func postgres(_ error: any Error, address: PostgresAddress, doing: String) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as PostgresTransactionError:
            let inner = error.closureError ?? error.beginError ?? error.commitError
            return inner.map { postgres($0, address: address, doing: doing) }
                ?? StoreError(.database, "PostgreSQL at \(address) failed a transaction while \(doing)")
        case let error as PSQLError:
            return postgres(error, address: address, doing: doing)
        // The pool's own errors (such as its circuit breaker, open after a minute of failed connects, or
        // its shutdown when PostgresPool replaces it after an outage)
        // have a type of PostgresNIO's underscored pool module, which is not its public API: known by name.
        case _ where "\(type(of: error))" == "ConnectionPoolError":
            return unreachable(address, doing: doing, "the connection pool gives up for now (\(error))")
        default:
            return StoreError(.database, "PostgreSQL at \(address), while \(doing): \(error)")
        }
    }

    /// The database could not be reached (or did not answer) while the store was `doing` something, for
    /// `cause`; the one wording of the pool's own such failures.
    /// - Parameters:
    ///   - address: the database.
    ///   - doing: what the store was doing.
    ///   - cause: why, in a few words.
    static func unreachable(_ address: PostgresAddress, doing: String, _ cause: String) -> StoreError {
        StoreError(
            .unreachable,
            "cannot reach PostgreSQL at \(address.host):\(address.port) (database \(address.database)) while \(doing): \(cause)"
        )
    }

    private static func postgres(_ error: PSQLError, address: PostgresAddress, doing: String) -> StoreError {
        let server =
            "PostgreSQL at \(address.host):\(address.port) (database \(address.database), user \(address.user))"
        guard let info = error.serverInfo else {
            let cause = error.underlying.map { "\($0)" } ?? "\(error.code)"
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .sslUnsupported,
                .uncleanShutdown:
                return StoreError(.unreachable, "cannot reach \(server) while \(doing): \(cause)")
            default:
                return StoreError(.database, "\(server) failed while \(doing): \(cause)")
            }
        }
        let state = info[.sqlState] ?? "?????"
        let message = [info[.message], info[.detail], info[.hint]].compactMap { $0 }.joined(separator: "; ")
        let what = "\(message) (SQLSTATE \(state))"
        // No such database, authentication failed, shutting down (fast or immediate), starting up, too
        // many connections; class 08, connection exceptions.
        let unreachable = ["3D000", "28000", "28P01", "57P01", "57P02", "57P03", "53300"].contains(state)
        switch state {
        case "23505":
            return StoreError(.duplicate, "\(server) refused a duplicate while \(doing): \(what)")
        case _ where unreachable || state.hasPrefix("08"):
            return StoreError(.unreachable, "cannot use \(server) while \(doing): \(what)")
        default:
            return StoreError(.database, "\(server) failed while \(doing): \(what)")
        }
    }
}
