public import Manifest
public import NIOCore

/// Sends a job's events to several sinks in turn (e.g. log files and the terminal).
public struct JobEventsFanOut: JobEvents {
    /// The sinks, in the order they are told.
    public var sinks: [any JobEvents]

    /// Fans out to sinks.
    /// - Parameter sinks: the sinks.
    public init(_ sinks: [any JobEvents]) {
        self.sinks = sinks
    }

    public func setupLog(_ bytes: ByteBuffer) async {
        for sink in sinks { await sink.setupLog(bytes) }
    }

    public func taskLog(_ task: String, _ bytes: ByteBuffer) async {
        for sink in sinks { await sink.taskLog(task, bytes) }
    }

    public func taskStatusChanged(_ task: String, to status: TaskStatus) async {
        for sink in sinks { await sink.taskStatusChanged(task, to: status) }
    }

    public func jobStatusChanged(to status: JobStatus) async {
        for sink in sinks { await sink.jobStatusChanged(to: status) }
    }

    public func jobEnded(_ outcome: JobOutcome) async {
        for sink in sinks { await sink.jobEnded(outcome) }
    }
}
