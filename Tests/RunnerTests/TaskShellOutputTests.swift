import NIOCore
import Testing

@testable import Runner

/// ``TaskShellOutput`` on its own (its sources are played by tasks here; the VM tests run it with
/// a guest's SSH session and log channel): pieces in the order sent, a sender held while too much
/// is unread, the session's end after what the channel had, and the session's error kept.
@Suite struct TaskShellOutputTests {
    @Test func aSenderWaitsWhileMoreThanTheLimitIsUnreadAndPiecesComeInOrder() async throws {
        let output = TaskShellOutput(channel: true)
        let sent = SentCount()
        let pieceBytes = TaskShellOutput.unreadLimit / 2 + 1
        let sender = Task {
            for index in 0..<3 {
                var piece = ByteBuffer(string: "piece \(index)")
                piece.writeRepeatingByte(UInt8(ascii: "."), count: pieceBytes - piece.readableBytes)
                await output.send(.stdout(piece), fromChannel: true)
                await sent.add()
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await sent.count == 1, "the second piece makes more than the limit unread, so its send waits")
        var texts: [String] = []
        for _ in 0..<3 {
            guard case .stdout(let bytes) = try await output.next() else {
                Issue.record("not stdout")
                return
            }
            #expect(bytes.readableBytes == pieceBytes)
            texts.append(String(String(buffer: bytes).prefix(7)))
        }
        await sender.value
        #expect(texts == ["piece 0", "piece 1", "piece 2"])
        #expect(await sent.count == 3)
    }

    @Test func theSessionsEndComesAfterWhatTheChannelHadAndThenTheOutputEnds() async throws {
        let output = TaskShellOutput(channel: true)
        await output.channelIsWaiting(false)
        let channel = Task {
            await output.send(.stdout(ByteBuffer(string: "last bytes")), fromChannel: true)
            await output.channelIsWaiting(true)
        }
        let session = Task {
            await output.channelDrained()
            await output.send(.exit(.status(0)))
            await output.sessionEnded()
        }
        guard case .stdout(let bytes) = try await output.next() else {
            Issue.record("the channel's bytes come first")
            return
        }
        #expect(String(buffer: bytes) == "last bytes")
        await channel.value
        guard case .exit(.status(0)) = try await output.next() else {
            Issue.record("then the session's end")
            return
        }
        #expect(try await output.next() == nil)
        await session.value
    }

    @Test func withoutAChannelTheSessionsEndWaitsForNothing() async throws {
        let output = TaskShellOutput(channel: false)
        let started = ContinuousClock.now
        await output.channelDrained()
        #expect(ContinuousClock.now - started < TaskShellOutput.quietAfterExit)
        let channel = TaskShellOutput(channel: true)
        let waited = ContinuousClock.now
        await channel.channelDrained()
        #expect(
            ContinuousClock.now - waited >= TaskShellOutput.longestDrain,
            "a channel that never waits is waited for"
        )
    }

    @Test func theSessionsErrorIsThrownAfterWhatCameBeforeIt() async throws {
        struct Broken: Error {}
        let output = TaskShellOutput(channel: true)
        let session = Task {
            await output.send(.stderr(ByteBuffer(string: "said")))
            await output.sessionEnded(Broken())
        }
        guard case .stderr = try await output.next() else {
            Issue.record("the piece before the error")
            return
        }
        await session.value
        await #expect(throws: Broken.self) { try await output.next() }
    }

    @Test func closingLetsWaitingSendersGoAndEndsTheOutput() async throws {
        let output = TaskShellOutput(channel: true)
        let sender = Task { await output.send(.stdout(ByteBuffer(string: "never read")), fromChannel: true) }
        try await Task.sleep(for: .milliseconds(100))
        await output.close()
        await sender.value
        #expect(try await output.next() == nil)
        await output.send(.stdout(ByteBuffer(string: "after")))
        #expect(try await output.next() == nil)
    }
}

/// How many sends returned.
private actor SentCount {
    private(set) var count = 0
    func add() { count += 1 }
}
