import Client
import Foundation
import HckCore
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// What the server answers to bad requests: every error in the documented shape (JSON `Error` on the
/// API, an HTML page on the web pages), a limit on every field with a 400 naming it, security headers
/// on every response, and runner routes that only act on the calling runner's jobs.
@Suite struct RequestHardeningTests {
    typealias Answer = (status: Int, headers: [String: String], body: Data)

    /// The `Error` body of an API answer, or a failed expectation.
    static func error(_ answer: Answer, _ what: String) throws -> ErrorBody {
        #expect(answer.headers["content-type"]?.hasPrefix("application/json") == true, "\(what): \(answer.headers)")
        return try JSONDecoder.api.decode(ErrorBody.self, from: answer.body)
    }

    @Test func everyErrorHasTheDocumentedShapeAndHTMLRoutesAnswerHTML() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let job = try await server.alice.submit(.hello())
            _ = try #require(try await server.runner.take(wait: 5))

            let tooLarge = try await server.alice.exchange("POST", "/api/jobs", body: Data(count: 5 << 20))
            #expect(tooLarge.status == 413, "\(String(decoding: tooLarge.body, as: UTF8.self))")
            #expect(try Self.error(tooLarge, "413").error.contains("larger"))

            let noArtifact = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/artifacts/none.txt")
            #expect(noArtifact.status == 404)
            #expect(
                try Self.error(noArtifact, "artifact 404").error == "job \(job.id) has no artifact named 'none.txt'"
            )

            let badJSON = try await server.alice.exchange("POST", "/api/jobs", body: Data("{".utf8))
            #expect(badJSON.status == 400)
            #expect(!(try Self.error(badJSON, "bad JSON").error.isEmpty))

            let noRoute = try await server.alice.exchange("GET", "/api/nothing-here")
            #expect(noRoute.status == 404)
            #expect(try Self.error(noRoute, "no route").error == "there is nothing at /api/nothing-here")

            let unknownTask = try await server.runner.exchange(
                "POST",
                "/api/runner/jobs/\(job.id)/tasks/nope",
                body: Data(#"{"status":"running"}"#.utf8)
            )
            #expect(unknownTask.status == 404, "an unknown task is no 500")
            let unknown = try Self.error(unknownTask, "unknown task")
            #expect(unknown.error == "job \(job.id) has no task 'nope'")
            #expect(unknown.available == ["build", "test"])

            let longName = String(repeating: "a", count: 300)
            let long = try await server.runner.exchange(
                "PUT",
                "/api/runner/jobs/\(job.id)/artifacts/\(longName)",
                body: Data("x".utf8)
            )
            #expect(long.status == 400, "a 300-character artifact name is no 500")
            #expect(try Self.error(long, "long name").error.contains("'name' of artifact"))

            for path in ["/jobs/abc", "/jobs/\(job.id + 1000)", "/no-such-page", "/groups/-1"] {
                let page = try await server.anonymous.exchange("GET", path)
                #expect([400, 404].contains(page.status), "\(path): \(page.status)")
                #expect(page.headers["content-type"]?.hasPrefix("text/html") == true, "\(path) answers HTML")
                #expect(String(decoding: page.body, as: UTF8.self).contains("<h1>\(page.status) "))
            }
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let job = try await server.alice.submit(SubmitRequest.hello().withVisibility(.public))
            _ = try #require(try await server.runner.take(wait: 5))
            _ = try await server.runner.uploadArtifact(job.id, name: "out.txt", contents: Data("hi".utf8))
            let paths = [
                "/api/jobs/\(job.id)", "/api/jobs/\(job.id)/artifacts/out.txt", "/jobs/\(job.id)/artifacts/out.txt",
                "/~alice/badge.svg", "/", "/jobs/\(job.id)", "/jobs/abc", "/api/jobs/abc", "/metrics", "/nothing",
                "/api/jobs/\(job.id)/log",
            ]
            for path in paths {
                let answer = try await server.alice.exchange("GET", path)
                #expect(answer.headers["x-content-type-options"] == "nosniff", "\(path): \(answer.headers)")
                #expect(answer.headers["referrer-policy"] == "same-origin", "\(path)")
                let policy = try #require(answer.headers["content-security-policy"], "\(path)")
                #expect(policy.contains("frame-ancestors 'none'"), "\(path): \(policy)")
                if answer.headers["content-type"]?.hasPrefix("text/html") != true {
                    #expect(policy.hasPrefix("default-src 'none'"), "\(path): \(policy)")
                }
            }
        }
    }

    @Test func everyFieldHasALimitAndARefusalNamesTheField() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            var note = SubmitRequest.hello()
            note.note = String(repeating: "n", count: 4097)
            try await expectRefusal("note", "is 4097 bytes long; the limit is 4096") {
                _ = try await server.alice.submit(note)
            }
            var many = SubmitRequest.hello()
            many.tags = (0..<65).map { "t\($0)" }
            try await expectRefusal("tags", "has 65 tags; the limit is 64") { _ = try await server.alice.submit(many) }
            for tag in ["a b", "", "ü", "x/y", String(repeating: "t", count: 129), "a\nb"] {
                var bad = SubmitRequest.hello()
                bad.tags = [tag]
                try await expectRefusal("tags", "has the tag") { _ = try await server.alice.submit(bad) }
            }
            var fine = SubmitRequest.hello()
            fine.tags = ["A-z_0.9", String(repeating: "t", count: 128)]
            fine.note = String(repeating: "n", count: 4096)
            _ = try await server.alice.submit(fine)

            let secrets: [(String, SecretRequest)] = [
                ("mode", SecretRequest(name: "f", kind: .file, path: "/tmp/x", mode: -1, value: Data("v".utf8))),
                ("mode", SecretRequest(name: "f", kind: .file, path: "/tmp/x", mode: 0o4755, value: Data("v".utf8))),
                ("path", SecretRequest(name: "f", kind: .file, path: "../../etc/cron.d/x", value: Data("v".utf8))),
                ("path", SecretRequest(name: "f", kind: .file, path: "/etc/../etc/cron.d/x", value: Data("v".utf8))),
                ("path", SecretRequest(name: "f", kind: .file, path: "~/a\nb", value: Data("v".utf8))),
                ("path", SecretRequest(name: "f", kind: .file, path: nil, value: Data("v".utf8))),
                ("value", SecretRequest(name: "k", kind: .sshKey, value: Data("hi".utf8))),
                ("name", SecretRequest(name: "a b", kind: .pgpKey, value: Data("v".utf8))),
                ("name", SecretRequest(name: String(repeating: "s", count: 129), kind: .pgpKey, value: Data("v".utf8))),
            ]
            for (field, secret) in secrets {
                try await expectRefusal(field, "") { _ = try await server.alice.addSecret(secret) }
            }
            #expect(try await server.alice.secrets().isEmpty)
            _ = try await server.alice.addSecret(
                SecretRequest(name: "f", kind: .file, path: "~/.config/x", mode: 0o640, value: Data("v".utf8))
            )

            let pair = try await SSHKeyPair.make("ed25519", name: "k", in: dir.url.path)
            _ = try await server.alice.addSecret(
                SecretRequest(name: "k", kind: .sshKey, value: try Data(contentsOf: URL(fileURLWithPath: pair.file)))
            )
            let parts = pair.publicLine.split(separator: " ")
            let longComment = "\(parts[0]) \(parts[1]) \(String(repeating: "c", count: 300))"
            try await expectRefusal("key", "comment") { _ = try await server.alice.addKey(longComment) }
            _ = try await server.alice.addKey("\(parts[0]) \(parts[1]) a fine comment")

            let job = try #require(try await server.runner.take(wait: 5)).job
            let stored = try await server.runner.uploadArtifact(job.id, name: "sp ace.txt", contents: Data("x".utf8))
            #expect(stored.name == "sp ace.txt", "the name is stored as given, not URL-encoded")
            let listed = try await server.alice.artifacts(job.id)
            #expect(listed.map(\.name) == ["sp ace.txt"])
            #expect(listed.first?.url.hasSuffix("/artifacts/sp%20ace.txt") == true, "\(listed)")
            let download = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/artifacts/sp%20ace.txt")
            #expect(download.status == 200)
            #expect(download.body == Data("x".utf8))
        }
    }

    /// `body` fails with a 400 whose message names `field` and says `words`.
    func expectRefusal(
        _ field: String,
        _ words: String,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async throws {
        let error = try await #require(throws: ClientError.self, sourceLocation: sourceLocation) { try await body() }
        #expect(error.status == 400, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains("'\(field)'"), "\(error.message)", sourceLocation: sourceLocation)
        if !words.isEmpty {
            #expect(error.message.contains(words), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func theDataIsPrivateToHcksUserAndCookiesAreSecureBehindHTTPS() async throws {
        let dir = try TemporaryDirectory()
        let configure: TestServer.Configure = { $0.baseURL = "https://ci.example.org" }
        try await TestServer.with(directory: dir, configure: configure) { server in
            _ = try await server.alice.jobs()
            let mode = { (path: String) throws -> Int in
                try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
            }
            #expect(try mode(server.dataDirectory) == 0o700)
            for file in ["hck.sqlite", "hck.sqlite-wal", "hck.sqlite-shm", "secrets.key"] {
                #expect(try mode("\(server.dataDirectory)/\(file)") == 0o600, "\(file)")
            }
            let login = try await server.anonymous.exchange("GET", "/login")
            #expect(login.headers["set-cookie"]?.contains("Secure") == true, "\(login.headers)")
        }
        let plain = try TemporaryDirectory()
        try await TestServer.with(directory: plain) { server in
            let login = try await server.anonymous.exchange("GET", "/login")
            #expect(login.headers["set-cookie"]?.contains("hck_login=") == true)
            #expect(login.headers["set-cookie"]?.contains("Secure") == false, "no Secure over http")
        }
    }

    @Test func aRunnerCannotTouchAnotherRunnersJob() async throws {
        let dir = try TemporaryDirectory()
        // No heartbeats here: a lease that outlasts a heavily loaded host's slowest run of the test.
        let configure: TestServer.Configure = { $0.leaseDuration = .seconds(600) }
        try await TestServer.with(directory: dir, configure: configure) { server in
            let other = APIClient(
                baseURL: server.url,
                token: try await Administration.with(dataDirectory: server.dataDirectory, database: .dataDirectory) {
                    try await $0.issueToken(for: "r2", role: .runner)
                }
            )
            try await server.runner.register(TestServer.capacity)
            try await other.register(TestServer.capacity)
            let job = try await server.alice.submit(.hello())
            _ = try #require(try await server.runner.take(wait: 5))
            let kept = KeptVM(host: "127.0.0.1", port: 2222, until: Date().addingTimeInterval(600), reason: "test")
            try await server.runner.reportKeptVM(job.id, kept)
            let attempts: [(String, String, Data?)] = [
                ("DELETE", "/api/runner/jobs/\(job.id)/kept", nil),
                ("DELETE", "/api/runner/jobs/999999/kept", nil),
                ("POST", "/api/runner/jobs/\(job.id)/kept", try JSONEncoder.api.encode(kept)),
                ("POST", "/api/runner/jobs/\(job.id)/claim?wait=0", nil),
                ("POST", "/api/runner/jobs/\(job.id)/tasks/build", Data(#"{"status":"running"}"#.utf8)),
                ("POST", "/api/runner/jobs/\(job.id)/log", Data("x".utf8)),
                ("POST", "/api/runner/jobs/\(job.id)/heartbeat", nil),
                ("POST", "/api/runner/jobs/\(job.id)/status", Data(#"{"status":"success"}"#.utf8)),
                ("PUT", "/api/runner/jobs/\(job.id)/artifacts/a.txt", Data("x".utf8)),
            ]
            for (method, path, body) in attempts {
                let answer = try await other.exchange(method, path, body: body)
                #expect(answer.status == 410, "\(method) \(path) by another runner: \(answer.status)")
                #expect(!(try Self.error(answer, path).error.isEmpty))
            }
            #expect(try await server.alice.job(job.id).status == .running)
            #expect(try await server.alice.keptVM(job.id).port == 2222, "the kept VM is still recorded")
            try await server.runner.reportKeptVM(job.id, nil)
        }
    }
}

extension SubmitRequest {
    fileprivate func withVisibility(_ visibility: Visibility) -> SubmitRequest {
        var copy = self
        copy.visibility = visibility
        return copy
    }
}
