import Foundation
import Manifest
import NIOCore
import Testing

@testable import Runner

/// The setup log goes on after the job's final status (the VM's teardown is reported after it):
/// what comes then is appended, not written over what came before.
@Suite struct JobLogFilesTests {
    @Test func aLogWrittenAfterTheFinalStatusKeepsWhatCameBefore() async throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "job-logs-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("an older run's log\n".utf8).write(to: folder.appendingPathComponent("setup.log"))

        let logs = try JobLogFiles(directory: folder)
        await logs.setupLog(ByteBuffer(string: "booting\n"))
        await logs.taskLog("build", ByteBuffer(string: "+ make\n"))
        await logs.jobStatusChanged(to: .success)
        await logs.setupLog(ByteBuffer(string: "destroyed\n"))
        await logs.close()

        #expect(try String(contentsOf: logs.file(forTask: nil), encoding: .utf8) == "booting\ndestroyed\n")
        #expect(try String(contentsOf: logs.file(forTask: "build"), encoding: .utf8) == "+ make\n")
    }
}
