import NIOCore
import TestSupport
import Testing

@testable import Gateway

/// The pure parts of the gateway: what `ssh … JOB [COMMAND]` asks for, and the live log's window.
@Suite struct SessionParsingTests {
    @Test(
        arguments: [
            ("42", 42, nil),
            ("#42", 42, nil),
            ("  42   make check ", 42, "make check "),
            ("42 echo 'a  b'", 42, "echo 'a  b'"),
        ] as [(String, Int64, String?)]
    )
    func theFirstWordNamesTheJobAndTheRestIsTheCommand(line: String, job: Int64, command: String?) throws {
        let target = try #require(SessionRequest(line: line, pty: nil, environment: [], key: nil).target)
        #expect(target.job == job && target.command == command)
    }

    @Test(arguments: ["", "uptime", "0", "-3 ls", "4x2"])
    func aLineWithoutAJobIsRefused(line: String) {
        #expect(SessionRequest(line: line, pty: nil, environment: [], key: nil).target == nil)
    }

    @Test func theLiveLogKeepsItsLastMiBAndCountsWhatItDropped() {
        var log = LiveLog()
        log.append(ByteBuffer(string: "abc"))
        #expect(log.slice(from: 0).bytes == ByteBuffer(string: "abc") && log.slice(from: 0).next == 3)
        #expect(log.slice(from: 2).bytes == ByteBuffer(string: "c"))
        log.append(ByteBuffer(repeating: UInt8(ascii: "x"), count: 1 << 20))
        let all = log.slice(from: 0)
        #expect(all.next == 3 + (1 << 20))
        #expect(all.bytes.readableBytes == 1 << 20, "the oldest bytes went")
        #expect(log.slice(from: all.next).bytes.readableBytes == 0)
    }
}
