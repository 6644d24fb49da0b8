import NIOCore
import Testing

@testable import Runner

@Suite struct OutputTailTests {
    @Test func keepsTheLastLineThatIsNotBlankAcrossPieces() {
        var tail = OutputTail()
        #expect(tail.lastLine == nil)
        tail.append(ByteBuffer(string: "gpg: keyserver receive failed: No keyserver available\nhck: cannot "))
        tail.append(ByteBuffer(string: "fetch key 15CF\n\n  \n"))
        #expect(tail.lastLine == "hck: cannot fetch key 15CF")
    }

    @Test func staysBoundedAndStillEndsWithTheLastLine() {
        var tail = OutputTail()
        for index in 0..<10_000 { tail.append(ByteBuffer(string: "line \(index)\n")) }
        #expect(tail.lastLine == "line 9999")
    }
}
