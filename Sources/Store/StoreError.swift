public import HckCore
import Wire

/// A store operation that could not be done, with what and why.
public typealias StoreError = CodedError<StoreErrorCode>

/// Which kind of failure a ``StoreError`` is.
public enum StoreErrorCode: String, ErrorCode {
    /// A name already taken.
    case duplicate
    /// Something referenced does not exist.
    case notFound
    /// The database's schema is newer than this program.
    case schema
    /// A database address (`--database`) that cannot be used as written.
    case invalidAddress
    /// The database server cannot be reached (or refused the connection).
    case unreachable
    /// The database server refused or failed a statement.
    case database
    /// The stored state is not the one the caller started from (another server changed it meanwhile).
    case conflict
    /// A log chunk that starts past the log's end (see `JobStore.appendLog(id:task:data:at:)`).
    case logGap
    /// An upload larger than its limit.
    case tooLarge
}
