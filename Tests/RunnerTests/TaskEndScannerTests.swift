import NIOCore
import Runner
import Testing

/// ``TaskEndScanner``: the task's bytes pass through as they come, the end line is found wherever
/// the reads split it, and only the request's own marker ends a task.
@Suite struct TaskEndScannerTests {
    let marker = "hck-end-0123456789abcdef0123456789abcdef"

    /// Feeds the reads in order and joins what came out: the task's bytes, the end, what came after.
    func scan(_ reads: [String]) -> (output: String, end: TaskEndScanner.End?, after: String, heldBack: [Int]) {
        var scanner = TaskEndScanner(marker: marker)
        var output = ""
        var after = ""
        var end: TaskEndScanner.End?
        var heldBack: [Int] = []
        var read = 0
        for text in reads {
            read += text.utf8.count
            for piece in scanner.scan(ByteBuffer(string: text)) {
                switch piece {
                case .output(let bytes): output += String(buffer: bytes)
                case .ended(let how): end = how
                case .after(let bytes): after += String(buffer: bytes)
                }
            }
            if end == nil { heldBack.append(read - output.utf8.count) }
        }
        return (output, end, after, heldBack)
    }

    @Test func findsTheEndLineInOneRead() {
        let result = scan(["+ make\nbuilt\n\(marker) 0\n"])
        #expect(result.output == "+ make\nbuilt\n")
        #expect(result.end == .exited(0))
        #expect(result.after.isEmpty)
    }

    @Test func findsTheEndLineSplitAnywhereAndHoldsBackOnlyWhatCouldBeIt() {
        let whole = "no newline at the end\(marker) 127\nlate output\n"
        for cut in 1..<whole.utf8.count {
            let bytes = Array(whole.utf8)
            let reads = [
                String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self),
            ]
            let result = scan(reads)
            #expect(result.output == "no newline at the end", "cut at \(cut)")
            #expect(result.end == .exited(127), "cut at \(cut)")
            #expect(result.after == "late output\n", "cut at \(cut)")
            #expect(
                result.heldBack.allSatisfy { $0 <= marker.utf8.count + 4 },
                "cut at \(cut): held \(result.heldBack)"
            )
        }
    }

    @Test func passesOnAPartialMarkerThatTurnsOutToBeOutput() {
        let result = scan(["printing hck-end-0123", "ffff and more\n", "\(marker) 2\n"])
        #expect(result.output == "printing hck-end-0123ffff and more\n")
        #expect(result.heldBack == [12, 0])
        #expect(result.end == .exited(2))
    }

    @Test func readsCompleteBuildAndIgnoresOtherMarkersAndMalformedLines() {
        let other = "hck-end-ffffffffffffffffffffffffffffffff 0\n"
        let result = scan([other, "\(marker) not-a-status\n", "\(marker) complete-build\n"])
        #expect(result.output == other + "\(marker) not-a-status\n")
        #expect(result.end == .completeBuild)
    }

    @Test func passesLargeOutputThroughWithoutHoldingIt() {
        let line = String(repeating: "h", count: 1023) + "\n"
        let result = scan(Array(repeating: String(repeating: line, count: 64), count: 16) + ["\(marker) 0\n"])
        #expect(result.output.utf8.count == 1024 * 64 * 16)
        #expect(result.heldBack.dropLast().allSatisfy { $0 == 0 })
        #expect(result.end == .exited(0))
    }
}
