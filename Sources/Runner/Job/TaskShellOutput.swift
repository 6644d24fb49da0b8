import NIOCore

/// The task shell's output from its two sources, one piece at a time in the order they came: its
/// SSH session (standard error, its end, and its standard output when there is no log channel)
/// and its ``TaskLogChannel`` (standard output, the task logs and end markers).
///
/// A source's `send` waits while more than ``unreadLimit`` bytes are unread, so neither source
/// reads far ahead of the log's writers (memory stays flat however fast a task prints), and a
/// source that is not ahead goes on without waiting for the reader to wake. The session is the primary
/// source: its end comes after what the channel had (``channelDrained()``), and the output ends
/// with the session's stream; the channel itself never ends while the guest runs.
actor TaskShellOutput {
    /// How long the channel must have brought nothing before the session's end is passed on.
    static let quietAfterExit: Duration = .milliseconds(150)
    /// The longest the session's end waits for the channel.
    static let longestDrain: Duration = .seconds(2)

    /// How many unread bytes make a source wait.
    static let unreadLimit = 1 << 20

    private var unread = CircularBuffer<CommandOutput>()
    private var unreadBytes = 0
    private var waitingSenders: [CheckedContinuation<Void, Never>] = []
    private var reader: CheckedContinuation<CommandOutput?, any Error>?
    private var ended = false
    private var failure: (any Error)?
    private var closed = false
    private let hasChannel: Bool
    private var channelWaiting = false
    private var channelLastPiece = ContinuousClock.now

    /// An output with or without a log channel among its sources.
    /// - Parameter channel: whether a ``TaskLogChannel`` sends to it (without one, the session's
    ///   end waits for nothing).
    init(channel: Bool) {
        hasChannel = channel
    }

    /// Hands a piece to the reader, and waits while too much is unread (not when the output is closed).
    /// A piece from the channel says the channel is no longer waiting (see ``channelIsWaiting(_:)``).
    func send(_ piece: CommandOutput, fromChannel: Bool = false) async {
        guard !closed else { return }
        if fromChannel { (channelWaiting, channelLastPiece) = (false, .now) }
        if let reader {
            self.reader = nil
            reader.resume(returning: piece)
            return
        }
        unread.append(piece)
        unreadBytes += Self.size(of: piece)
        while unreadBytes > Self.unreadLimit, !closed {
            await withCheckedContinuation { waitingSenders.append($0) }
        }
    }

    /// Says whether the channel is waiting for its socket (it holds nothing the reader has not got).
    func channelIsWaiting(_ waiting: Bool) {
        channelWaiting = waiting
    }

    /// Waits until the channel has delivered what it had: it has been waiting on its socket for
    /// ``quietAfterExit``, or ``longestDrain`` passed. The session's end is sent after this, since
    /// the guest's last writes to the channel may arrive after sshd's word that the shell ended.
    func channelDrained() async {
        guard hasChannel else { return }
        let clock = ContinuousClock()
        let start = clock.now
        while !closed, clock.now - start < Self.longestDrain {
            if channelWaiting, clock.now - channelLastPiece >= Self.quietAfterExit { return }
            try? await Task.sleep(for: .milliseconds(25))
        }
    }

    /// The session's stream ended: the output ends after what is pending, with `error` when the
    /// stream failed.
    func sessionEnded(_ error: (any Error)? = nil) {
        ended = true
        failure = error
        if unread.isEmpty, let reader {
            self.reader = nil
            if let error { reader.resume(throwing: error) } else { reader.resume(returning: nil) }
        }
    }

    /// The next piece, or `nil` once the session ended and everything before its end was read.
    /// - Throws: the session stream's error, after everything before it.
    func next() async throws -> CommandOutput? {
        if let piece = unread.popFirst() {
            unreadBytes -= Self.size(of: piece)
            if unreadBytes <= Self.unreadLimit {
                for sender in waitingSenders { sender.resume() }
                waitingSenders = []
            }
            return piece
        }
        if closed { return nil }
        if ended {
            if let failure { throw failure }
            return nil
        }
        return try await withCheckedThrowingContinuation { reader = $0 }
    }

    /// Ends the output for good: unread and later pieces are dropped and their senders go on.
    func close() {
        closed = true
        for sender in waitingSenders { sender.resume() }
        waitingSenders = []
        unread.removeAll()
        unreadBytes = 0
        reader?.resume(returning: nil)
        reader = nil
    }

    private static func size(of piece: CommandOutput) -> Int {
        switch piece {
        case .stdout(let bytes), .stderr(let bytes): bytes.readableBytes
        case .exit: 0
        }
    }
}
