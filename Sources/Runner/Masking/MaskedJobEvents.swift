public import Manifest
public import NIOCore

/// A job's events with its secrets' values masked (``SecretMask``) in every log, before any sink
/// sees them: the stored log, the live page, `hck run`'s output, `hck submit --follow`, the
/// trigger emails and webhooks all come from these events.
///
/// Each log (the setup log, each task's) has its own mask; a tail held back for being the start
/// of a value goes out when more output comes, or before the next status change.
public actor MaskedJobEvents: JobEvents {
    private let sink: any JobEvents
    private let template: SecretMask
    private var setup: SecretMask
    private var tasks: [String: SecretMask] = [:]

    /// Masks these secrets in the events sent to `sink`.
    public init(secrets: [JobSecret], sink: any JobEvents) {
        self.sink = sink
        template = SecretMask(secrets: secrets)
        setup = template
    }

    /// The sink itself when there is nothing to mask, else the sink behind a mask.
    public static func wrapping(_ sink: any JobEvents, secrets: [JobSecret]) -> any JobEvents {
        SecretMask(secrets: secrets).isEmpty ? sink : MaskedJobEvents(secrets: secrets, sink: sink)
    }

    public func setupLog(_ bytes: ByteBuffer) async {
        let shown = setup.mask(bytes.readableBytesView)
        if !shown.isEmpty { await sink.setupLog(ByteBuffer(bytes: shown)) }
    }

    public func taskLog(_ task: String, _ bytes: ByteBuffer) async {
        let shown = tasks[task, default: template].mask(bytes.readableBytesView)
        if !shown.isEmpty { await sink.taskLog(task, ByteBuffer(bytes: shown)) }
    }

    public func taskStatusChanged(_ task: String, to status: TaskStatus) async {
        await flushSetup()
        if let rest = tasks[task]?.flush(), !rest.isEmpty { await sink.taskLog(task, ByteBuffer(bytes: rest)) }
        await sink.taskStatusChanged(task, to: status)
    }

    public func jobStatusChanged(to status: JobStatus) async {
        await flushSetup()
        for task in tasks.keys.sorted() {
            if let rest = tasks[task]?.flush(), !rest.isEmpty { await sink.taskLog(task, ByteBuffer(bytes: rest)) }
        }
        await sink.jobStatusChanged(to: status)
    }

    public func jobEnded(_ outcome: JobOutcome) async {
        await flushSetup()
        await sink.jobEnded(outcome)
    }

    private func flushSetup() async {
        let rest = setup.flush()
        if !rest.isEmpty { await sink.setupLog(ByteBuffer(bytes: rest)) }
    }
}
