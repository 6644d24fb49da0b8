import Client
import Foundation
import HckCore
import Server
import Store
import TestSupport
import Testing
import Wire

/// Servers sharing a PostgreSQL database share its artifacts: what a runner uploaded through one
/// server downloads through another, whole or by range, from the API and the web pages.
@Suite(.postgresCluster) struct SharedArtifactsTests {
    @Test func anArtifactUploadedThroughOneServerDownloadsByteIdenticalThroughAnother() async throws {
        let files = try TemporaryDirectory()
        let limit: TestServer.Configure = { $0.artifactSizeLimit = 4 << 20 }
        try await TestServer.twoSharingPostgres(configure: limit) { a, b, address in
            try await a.runner.register(TestServer.capacity)
            let submitted = try await a.alice.submit(.hello())
            let job = try #require(try await a.runner.take(wait: 5)).job
            #expect(job.id == submitted.id)
            // Random bytes over several of the store's chunks, streamed from a file.
            let content = Data((0..<(3 << 20) + 4321).map { _ in UInt8.random(in: 0...255) })
            let file = files.path("out.bin")
            try content.write(to: URL(fileURLWithPath: file))
            let uploaded = try await a.runner.uploadArtifact(
                job.id,
                name: "out.bin",
                file: URL(fileURLWithPath: file)
            )
            #expect(uploaded.size == Int64(content.count))

            #expect(try await b.alice.artifacts(job.id).map(\.name) == ["out.bin"])
            let whole = try await b.alice.exchange("GET", "/api/jobs/\(job.id)/artifacts/out.bin")
            #expect(whole.status == 200)
            #expect(whole.body == content, "byte-identical through the other server")
            let web = try await b.alice.exchange("GET", "/jobs/\(job.id)/artifacts/out.bin")
            #expect(web.status == 200 && web.body == content)

            let start = 300_000
            let end = (1 << 20) + 17
            let part = try await b.alice.exchange(
                "GET",
                "/api/jobs/\(job.id)/artifacts/out.bin",
                headers: ["Range": "bytes=\(start)-\(end)"]
            )
            #expect(part.status == 206)
            #expect(part.body == content[start...end])
            #expect(
                part.headers.first { $0.key.lowercased() == "content-range" }?.value
                    == "bytes \(start)-\(end)/\(content.count)"
            )
            let tail = try await b.alice.exchange(
                "GET",
                "/jobs/\(job.id)/artifacts/out.bin",
                headers: ["Range": "bytes=-10"]
            )
            #expect(tail.status == 206 && tail.body == content.suffix(10))
            let beyond = try await b.alice.exchange(
                "GET",
                "/api/jobs/\(job.id)/artifacts/out.bin",
                headers: ["Range": "bytes=\(content.count)-"]
            )
            #expect(beyond.status == 416)

            // The limit holds in PostgreSQL as on disk: refused, and nothing of it kept.
            let big = files.path("big.bin")
            try Data(count: (4 << 20) + 1).write(to: URL(fileURLWithPath: big))
            let refused = try await #require(throws: ClientError.self) {
                try await b.runner.uploadArtifact(job.id, name: "big.bin", file: URL(fileURLWithPath: big))
            }
            #expect(refused.status == 413 && refused.message.contains("4 MiB"))
            let streamed = try await ChildProcess.run([
                "curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "-X", "PUT", "-H", "Transfer-Encoding: chunked",
                "-H", "Authorization: Bearer \(try #require(b.runner.token))", "--data-binary", "@\(big)",
                "\(b.url.absoluteString)/api/runner/jobs/\(job.id)/artifacts/big.bin",
            ])
            #expect(streamed.output.hasSuffix("\n413"), "curl said: \(streamed.output)")
            #expect(try await a.alice.artifacts(job.id).map(\.name) == ["out.bin"])
            let store = try await #require(PostgresTestCluster.current).store(on: address)
            #expect(try await store.artifacts(id: job.id).map(\.size) == [Int64(content.count)])
        }
    }
}
