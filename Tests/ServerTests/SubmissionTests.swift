import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Submitting and reading jobs over real HTTP on loopback.
@Suite struct SubmissionTests {
    @Test func validManifestMakesAQueuedJobWithItsTasks() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.inRouter(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let job = try await server.alice.submit(.hello())
            #expect(job.status == .queued)
            #expect(job.tasks.map(\.name) == ["build", "test"])
            #expect(job.tasks[0].log == "\(server.url.absoluteString)/api/jobs/\(job.id)/tasks/build/log")
            #expect(job.owner.canonicalName == "~alice")
            #expect(job.note == "hello")
            let read = try await server.alice.job(job.id)
            #expect(read.id == job.id)
            let manifest = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/manifest")
            #expect(String(decoding: manifest.body, as: UTF8.self).contains("image: debian/stable"))
            #expect(try await server.alice.jobs().map(\.id) == [job.id])
            #expect(try await server.bob.jobs().isEmpty)
        }
    }

    @Test func invalidManifestIsRefusedWithEveryDiagnostic() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.inRouter(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let bad = SubmitRequest(
                manifest: "image: debian/stable\ntasks:\n  - Bad Name: echo\n  - ok: echo\nartifacts: 3\n"
            )
            let error = try await #require(throws: ClientError.self) { try await server.alice.submit(bad) }
            #expect(error.status == 400)
            #expect(error.diagnostics.count >= 2)
            #expect(
                error.diagnostics.allSatisfy {
                    $0.range(of: #"^manifest:\d+:\d+: "#, options: .regularExpression) != nil
                }
            )
            #expect(try await server.alice.jobs().isEmpty)
        }
    }

    @Test func imageOrArchNoRunnerOffersIsRefusedWithWhatExists() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.inRouter(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let image = try await #require(throws: ClientError.self) {
                try await server.alice.submit(.hello(image: "alpine/edge"))
            }
            #expect(image.status == 400)
            #expect(image.available == ["debian/stable"])
            var arm = SubmitRequest.hello()
            arm.manifest = "image: debian/stable\narch: arm64\ntasks:\n  - a: echo\n"
            let arch = try await #require(throws: ClientError.self) { try await server.alice.submit(arm) }
            #expect(arch.available == ["x86_64"])
        }
    }

    @Test func tokensAndVisibilityGuardJobs() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.inRouter(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let noToken = try await #require(throws: ClientError.self) { try await server.anonymous.submit(.hello()) }
            #expect(noToken.status == 401)
            let forged = server.client(token: "forged")
            #expect(try await forged.exchange("GET", "/api/jobs").status == 401)
            var secret = SubmitRequest.hello()
            secret.visibility = .private
            let privateJob = try await server.alice.submit(secret)
            let unlisted = try await server.alice.submit(.hello())
            #expect(try await server.bob.exchange("GET", "/api/jobs/\(privateJob.id)").status == 404)
            #expect(try await server.anonymous.exchange("GET", "/api/jobs/\(privateJob.id)/log").status == 404)
            #expect(try await server.bob.job(unlisted.id).id == unlisted.id)
            #expect(try await server.bob.exchange("POST", "/api/jobs/\(unlisted.id)/cancel").status == 404)
            #expect(try await server.alice.job(privateJob.id).visibility == .private)
            #expect(try await server.alice.exchange("POST", "/api/runner/take?wait=0").status == 403)
        }
    }

    @Test func pendingJobsStartAndResubmitMakesANewJob() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.inRouter(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            var later = SubmitRequest.hello()
            later.execute = false
            let pending = try await server.alice.submit(later)
            #expect(pending.status == .pending)
            #expect(try await server.alice.start(pending.id).status == .queued)
            let again = try await server.alice.resubmit(pending.id)
            #expect(again.id != pending.id)
            #expect(again.status == .queued)
            #expect(try await server.alice.cancel(again.id).status == .cancelled)
        }
    }

    @Test func jobListsArePagedByIdAndStableUnderNewSubmissions() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.inRouter(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            var ids: [Int64] = []
            for _ in 0..<5 { ids.append(try await server.alice.submit(.hello()).id) }
            let first = try await server.alice.jobs(start: nil, limit: 2)
            #expect(first.results.map(\.id) == [ids[4], ids[3]])
            #expect(first.next == ids[2])
            #expect(first.resultsPerPage == 2)
            _ = try await server.alice.submit(.hello())
            let second = try await server.alice.jobs(start: first.next, limit: 2)
            #expect(second.results.map(\.id) == [ids[2], ids[1]])
            let last = try await server.alice.jobs(start: second.next, limit: 2)
            #expect(last.results.map(\.id) == [ids[0]])
            #expect(last.next == nil)
            #expect(try await server.alice.jobs(start: nil).resultsPerPage == 50)
            for bad in ["start=abc", "start=0", "limit=0", "limit=101"] {
                let answer = try await server.alice.exchange("GET", "/api/jobs?\(bad)")
                #expect(answer.status == 400, "\(bad)")
            }
        }
    }
}
