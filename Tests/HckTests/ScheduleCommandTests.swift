import Client
import Foundation
import Server
import Store
import TestSupport
import Testing
import Wire

/// `hck schedule add|list|rm` as users run them, against a real server whose schedules go by a
/// manual clock.
@Suite struct ScheduleCommandTests {
    @Test func schedulesAreAddedListedAndRemovedAndBadInputSaysWhereAndWhy() async throws {
        let dir = try TemporaryDirectory()
        let files = (build: dir.path("build.yml"), test: dir.path("test.yml"), bad: dir.path("bad.yml"))
        try "image: debian/stable\ntasks:\n  - build: make\n".write(
            toFile: files.build,
            atomically: true,
            encoding: .utf8
        )
        try "image: alpine/edge\ntasks:\n  - test: make check\n".write(
            toFile: files.test,
            atomically: true,
            encoding: .utf8
        )
        try "image: debian/stable\ntasks:\n  - build: make\nartifacts: 3\n".write(
            toFile: files.bad,
            atomically: true,
            encoding: .utf8
        )
        let clock = ManualWallClock(ManualWallClock.at("2026-12-01 12:00"))
        let configure: TestServer.Configure = { $0.scheduleClock = clock.wallClock }
        try await TestServer.with(directory: dir, configure: configure) { server in
            try await server.runner.register(TestServer.capacity)
            let token = try await Administration(dataDirectory: server.dataDirectory).issueToken(
                for: "alice",
                role: .user
            )
            func hck(_ arguments: String...) async throws -> (status: Int32, output: String) {
                try await CommandLineTests.hck(arguments, url: server.url, token: token)
            }
            let added = try await hck("schedule", "add", "nightly", "--cron", "0 3 * * *", files.build, "--tag", "n")
            #expect(added.status == 0)
            #expect(added.output.contains("schedule nightly (0 3 * * *): next tick 2026-12-02T03:00:00Z"))
            let listed = try await hck("schedule", "list")
            #expect(listed.output.contains("nightly\t0 3 * * *\t1 manifest\tlast -\tnext 2026-12-02T03:00:00Z\tn"))

            let cron = try await hck("schedule", "add", "x", "--cron", "0 3 * *", files.build)
            #expect(cron.status != 0 && cron.output.contains("--cron: cron expression '0 3 * *' has 4 fields"))
            let invalid = try await hck("schedule", "add", "x", "--cron", "@daily", files.build, files.bad)
            #expect(invalid.status != 0 && invalid.output.contains("\(files.bad):4:"))
            let missing = try await hck("schedule", "add", "x", "--cron", "@daily", dir.path("nope.yml"))
            #expect(missing.status != 0 && missing.output.contains("nope.yml: error: cannot read the file"))
            let image = try await hck("schedule", "add", "x", "--cron", "@daily", files.build, files.test)
            #expect(
                image.status != 0 && image.output.contains("\(files.test): no runner offers the image 'alpine/edge'")
            )
            let twice = try await hck("schedule", "add", "nightly", "--cron", "@daily", files.build)
            #expect(twice.status != 0 && twice.output.contains("already has a schedule named 'nightly'"))

            #expect(try await hck("schedule", "rm", "nightly").status == 0)
            #expect(try await hck("schedule", "list").output.isEmpty)
            let unknown = try await hck("schedule", "rm", "nightly")
            #expect(unknown.status != 0 && unknown.output.contains("no schedule named 'nightly'"))
        }
    }
}
