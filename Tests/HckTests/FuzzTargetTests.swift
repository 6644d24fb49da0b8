import Foundation
import HckCore
import TestSupport
import Testing

/// The fuzz target's pieces: the request-number parsing it fuzzes, and hck-fuzz built plainly, which
/// replays the seeds (scripts/fuzz-seeds) with no finding and stops with a finding's message when an
/// expectation breaks. `make test` then fuzzes with libFuzzer (scripts/fuzz.sh).
@Suite struct FuzzTargetTests {
    @Test func positionListsAreBoundedAndRefusedByName() throws {
        let from = RequestNumber(name: "from", place: .query)
        #expect(try from.positions("", count: 3).isEmpty)
        let two = try from.positions("10:2,0:1,99:9", count: 2)
        #expect(two.map(\.offset) == [10, 0] && two.map(\.line) == [2, 1])
        let bound = RequestNumber.positions.upperBound
        #expect(try from.positions("\(bound):\(bound)", count: 1).first?.offset == bound)
        for bad in ["\(bound + 1):1", "0:0", "1", "1:2:3", "-1:1", "nan:1", "1:1,,"] {
            #expect(throws: RequestNumberError.self, "'\(bad)'") { try from.positions(bad, count: 8) }
        }
        do {
            _ = try from.positions("x", count: 1)
        } catch {
            #expect(error.message.contains("query parameter 'from'") && error.code == .malformed)
        }
        let wait = RequestNumber(name: "wait", place: .query)
        #expect(try wait.seconds("1e300", in: 0...300) == .seconds(300))
        #expect(throws: RequestNumberError.self) { try wait.seconds("nan", in: 0...300) }
    }

    @Test func thePlainBuildReplaysTheSeedsWithNoFinding() async throws {
        let fuzz = try BuiltProducts.executable("hck-fuzz")
        let seeds = BuiltProducts.repository.appending(path: "scripts/fuzz-seeds").path
        let replay = try await ChildProcess.output(fuzz.path, [seeds])
        #expect(replay.status == 0, "\(replay.text)")
        let count = try FileManager.default.contentsOfDirectory(atPath: seeds).count
        #expect(replay.text.contains("\(count) inputs replayed, no finding"), "\(replay.text)")
        let missing = try await ChildProcess.output(fuzz.path, ["/nonexistent/seed"])
        #expect(missing.status != 0, "a missing input is an error: \(missing.text)")
    }
}
