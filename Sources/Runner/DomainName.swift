/// The libvirt domain name of a job's VM: `hck-job-<id>`.
///
/// The prefix is how a runner that starts finds what a crashed runner left behind.
public struct DomainName: Sendable, Hashable, CustomStringConvertible {
    /// The prefix every hck job domain carries.
    public static let prefix = "hck-job-"

    /// The job identifier part.
    public let jobID: String

    /// The name of the domain for a job.
    /// - Parameter jobID: the job's identifier.
    public init(jobID: String) {
        self.jobID = jobID
    }

    /// Recognises an hck job domain by its name; `nil` for any other domain.
    /// - Parameter name: a libvirt domain name.
    public init?(parsing name: String) {
        guard name.hasPrefix(Self.prefix), name.count > Self.prefix.count else { return nil }
        self.jobID = String(name.dropFirst(Self.prefix.count))
    }

    /// `hck-job-<id>`.
    public var description: String { Self.prefix + jobID }
}
