import Client
import Foundation
import HckCore
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Retention on a running server: its pruner removes an ended job's expired artifacts; the job page and
/// the API say when, the download answers 410 Gone saying why, and /metrics counts the bytes stored and
/// pruned.
@Suite struct RetentionServerTests {
    struct ErrorBody: Decodable {
        let error: String
    }

    @Test func expiredArtifactsGoAndThePageTheAPIAndTheDownloadSaySo() async throws {
        let dir = try TemporaryDirectory()
        let configure: TestServer.Configure = {
            $0.retention.artifacts = .zero
            $0.pruneInterval = .milliseconds(200)
        }
        try await TestServer.with(directory: dir, configure: configure) { server in
            try await server.runner.register(TestServer.capacity)
            _ = try await server.alice.submit(.hello())
            let job = try #require(try await server.runner.take(wait: 5)).job
            _ = try await server.runner.uploadArtifact(job.id, name: "out.bin", contents: Data(count: 1000))
            try await server.runner.appendLog(job.id, task: nil, Data("booting\n".utf8))
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await server.alice.artifacts(job.id).count == 1, "kept while the job runs")
            _ = try await server.runner.finish(job.id, status: .success)

            var left = try await server.alice.artifacts(job.id)
            for _ in 0..<300 where !left.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                left = try await server.alice.artifacts(job.id)
            }
            #expect(left.isEmpty, "the pruner removed the ended job's artifacts")
            let view = try await server.alice.job(job.id)
            #expect(view.artifactsExpired != nil && view.logsExpired == nil)

            let download = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/artifacts/out.bin")
            #expect(download.status == 410)
            let message = try JSONDecoder.api.decode(ErrorBody.self, from: download.body).error
            #expect(
                message.contains("job \(job.id)'s artifact 'out.bin' is gone. The artifacts expired on"),
                "\(message)"
            )
            #expect(message.contains("--keep-artifacts-days"))
            let web = try await server.alice.exchange("GET", "/jobs/\(job.id)/artifacts/out.bin")
            #expect(web.status == 410)
            let never = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/artifacts/other.bin")
            #expect(never.status == 410, "the names went with the artifacts: any name of the job is gone")

            let page = String(decoding: try await server.alice.exchange("GET", "/jobs/\(job.id)").body, as: UTF8.self)
            #expect(page.contains("The artifacts expired on"), "\(page)")
            #expect(!page.contains("The logs expired on"))
            let metrics = PrometheusText(
                String(decoding: try await server.anonymous.exchange("GET", "/metrics").body, as: UTF8.self)
            )
            #expect(metrics["hck_pruned_bytes_total{kind=\"artifacts\"}"] == 1000, "\(metrics)")
            #expect(metrics["hck_pruned_bytes_total{kind=\"logs\"}"] == 0)
            #expect(metrics["hck_stored_bytes{kind=\"artifacts\"}"] == 0)
            #expect(metrics["hck_stored_bytes{kind=\"logs\"}"] == 8)
        }
    }
}
