import HckCore
import Store
import Wire

/// Why a job rule refused: what happened in the job's terms. The API answers it as JSON and the
/// web pages as a page (`JobError+Response.swift` chooses by the route), with the same words,
/// since the rule is the same.
public struct JobError: Error, Sendable, CustomStringConvertible {
    /// What kind of refusal it is.
    public enum Reason: Sendable, Hashable {
        /// No such job, or one the caller may not see.
        case notFound
        /// The job exists but is in a state the request does not fit (e.g. nothing to start).
        case conflict
        /// The request itself is wrong (an invalid manifest, an image nobody offers).
        case invalid
        /// The job is no longer the caller's to act on (a runner's lost lease).
        case gone
        /// The server cannot read what it stored for the job.
        case corrupt
    }

    /// What kind of refusal it is.
    public var reason: Reason
    /// What went wrong and what to do, in a sentence.
    public var message: String
    /// Manifest diagnostics (`file:line:col: error: …`), for an invalid manifest.
    public var diagnostics: [String]?
    /// What exists instead (images, arches, secret names).
    public var available: [String]?

    /// Makes an error.
    public init(_ reason: Reason, _ message: String, diagnostics: [String]? = nil, available: [String]? = nil) {
        self.reason = reason
        self.message = message
        self.diagnostics = diagnostics
        self.available = available
    }

    /// The message.
    public var description: String { message }
}
