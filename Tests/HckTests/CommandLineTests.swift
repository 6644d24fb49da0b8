import Client
import Foundation
import HckCore
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// The `hck` binary against a real server: submit --follow streams logs and exits with the outcome.
@Suite struct CommandLineTests {
    /// `hck`, built next to this test bundle.
    static var binary: URL {
        get throws { try BuiltProducts.hck }
    }

    /// Runs hck with the server's URL and a token in the environment; returns its exit code and output.
    static func hck(_ arguments: [String], url: URL, token: String?) async throws -> (status: Int32, output: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["HCK_URL"] = url.absoluteString
        environment["HCK_TOKEN"] = token ?? ""
        environment["XDG_CONFIG_HOME"] = "/nonexistent"
        return try await ChildProcess.run(try binary, arguments, environment: environment)
    }

    @Test func submitFollowStreamsTheLogsAndExitsWithTheOutcome() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: try Self.binary.path), "build hck first (swift build)")
        let dir = try TemporaryDirectory()
        let manifest = dir.path("build.yml")
        try "image: debian/stable\ntasks:\n  - build: make\n  - test: make check\n".write(
            toFile: manifest,
            atomically: true,
            encoding: .utf8
        )
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let token = try await Administration(dataDirectory: server.dataDirectory).issueToken(
                for: "alice",
                role: .user
            )
            async let run = Self.hck(["submit", manifest, "--follow", "--tag", "cli"], url: server.url, token: token)
            let job = try #require(try await server.runner.take(wait: 20)).job
            try await server.runner.appendLog(job.id, task: nil, Data("booting\n".utf8))
            try await server.runner.updateTask(job.id, task: "build", status: .running)
            try await server.runner.appendLog(job.id, task: "build", Data("+ make\nbuilt\n".utf8))
            try await server.runner.updateTask(job.id, task: "build", status: .failed)
            try await server.runner.appendLog(
                job.id,
                task: nil,
                Data("connect with: ssh -t -p 2222 connect@runner \(job.id)\n".utf8)
            )
            _ = try await server.runner.finish(job.id, status: .failed)
            let (status, output) = try await run
            #expect(status == 1)
            #expect(output.contains("job \(job.id): \(server.url.absoluteString)/jobs/\(job.id)\n"), "the job's page")
            #expect(output.contains("+ make\nbuilt\n") && output.contains("booting\n"))
            // Shown wherever the follower was when it came: still in the setup log, or after the tasks.
            #expect(
                output.contains("connect with: ssh -t -p 2222 connect@runner \(job.id)\n"),
                "the setup log after the tasks"
            )
            #expect(output.hasSuffix("job \(job.id): failed\n"))

            let listed = try await Self.hck(["jobs"], url: server.url, token: token)
            #expect(listed.output.contains("#\(job.id)\tfailed\tdebian/stable"))
            let logs = try await Self.hck(["logs", String(job.id), "--task", "build"], url: server.url, token: token)
            #expect(logs.output == "+ make\nbuilt\n")
            let anonymous = try await Self.hck(["submit", manifest], url: server.url, token: nil)
            #expect(anonymous.status != 0)
            #expect(anonymous.output.contains("hck admin create-user"))
        }
    }

    @Test func theConfigFileSuppliesTheServerAndTokenAndItsMistakesAreNamed() async throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path("config/hck"), withIntermediateDirectories: true)
        let config = dir.path("config/hck/config")
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = dir.path("config")
        environment["HCK_URL"] = nil
        environment["HCK_TOKEN"] = nil
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let job = try await server.alice.submit(.hello())
            let token = try #require(server.alice.token)
            try "# hck\nurl = \(server.url.absoluteString)\n\ntoken = \(token)\n".write(
                toFile: config,
                atomically: true,
                encoding: .utf8
            )
            let listed = try await ChildProcess.run(try Self.binary, ["jobs"], environment: environment)
            #expect(listed.status == 0)
            #expect(listed.output.contains("#\(job.id)\tqueued"))

            try "url = \(server.url.absoluteString)\ntokn = \(token)\n".write(
                toFile: config,
                atomically: true,
                encoding: .utf8
            )
            let typo = try await ChildProcess.run(try Self.binary, ["jobs"], environment: environment)
            #expect(typo.status != 0)
            #expect(typo.output.contains("\(config):2: unknown key 'tokn'"))

            try "url = \(server.url.absoluteString)\n".write(toFile: config, atomically: true, encoding: .utf8)
            let tokenless = try await ChildProcess.run(try Self.binary, ["jobs"], environment: environment)
            #expect(tokenless.status != 0)
            #expect(tokenless.output.contains("HCK_TOKEN"))
            #expect(tokenless.output.contains("~/.config/hck/config"))
        }
    }

    @Test func artifactsDownloadStreamsEachFileAndAFailedDownloadLeavesNone() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let job = try await server.alice.submit(.hello())
            _ = try #require(try await server.runner.take(wait: 10))
            // 3 MiB and 1 byte: more than one chunk on the way, and not a round size.
            let big = Data((0..<(3 << 20) + 1).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let bigFile = URL(fileURLWithPath: dir.path("big.bin"))
            try big.write(to: bigFile)
            _ = try await server.runner.uploadArtifact(job.id, name: "big.bin", file: bigFile)
            _ = try await server.runner.uploadArtifact(job.id, name: "small.txt", contents: Data("small\n".utf8))
            _ = try await server.runner.finish(job.id, status: .success)

            let token = try #require(server.alice.token)
            let into = dir.path("downloads")
            let download = try await Self.hck(
                ["artifacts", "\(job.id)", "--download", into],
                url: server.url,
                token: token
            )
            #expect(download.status == 0, "\(download.output)")
            #expect(download.output.contains("\(into)/big.bin\t\(big.count) bytes"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: into + "/big.bin")) == big)
            #expect(try String(contentsOfFile: into + "/small.txt", encoding: .utf8) == "small\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: into).sorted() == ["big.bin", "small.txt"])

            let missing = URL(fileURLWithPath: into + "/missing.txt")
            let refused = try await #require(throws: ClientError.self) {
                try await server.alice.download("/api/jobs/\(job.id)/artifacts/missing.txt", to: missing)
            }
            #expect(refused.status == 404)
            #expect(try FileManager.default.contentsOfDirectory(atPath: into).sorted() == ["big.bin", "small.txt"])
        }
    }
}
