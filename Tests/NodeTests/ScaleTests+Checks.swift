import Client
import Foundation
import Manifest
import TestSupport
import Testing
import Wire

extension NodeVMTests.ScaleTests {
    /// What every final job must show: how it ended, how often its tasks ran, its `work` log through
    /// `client` (nginx), its secret's hash, and its artifact through each server directly.
    /// - Parameter lostHere: the jobs the killed runner held; only these may end `runner lost`.
    static func check(
        _ views: [JobView],
        jobs: [ScaleJob],
        lostHere: Set<Int64>,
        secret: Data,
        cluster: ScaleCluster,
        through client: APIClient,
        recorder: TaskRecorder
    ) async throws {
        for (view, job) in zip(views, jobs) {
            let id = view.id
            let succeeded = view.status == .success
            #expect(
                succeeded || (view.status == .failed && view.reason == "runner lost" && lostHere.contains(id)),
                "job \(id) ended \(view.status.rawValue) (\(view.reason ?? "")) on \(view.runner ?? "-")"
            )
            for task in ["work", "check"] {
                let starts = await recorder.record.count(job: id, task: task, event: "start")
                let ends = await recorder.record.count(job: id, task: task, event: "end")
                #expect(starts <= 1, "job \(id)'s task \(task) began \(starts) times")
                if succeeded {
                    #expect(starts == 1 && ends == 1, "job \(id)'s task \(task): \(starts) starts, \(ends) ends")
                }
            }

            let log = try await client.exchange("GET", "/api/jobs/\(id)/tasks/work/log")
            #expect(log.status == 200)
            let text = String(decoding: log.body, as: UTF8.self)
            let numbered = ScaleJob.numberedLines(of: text)
            let inOrder = ScaleJob.isPrefixInOrder(numbered)
            #expect(inOrder, "job \(id)'s log has lines missing, repeated or out of order")
            if succeeded {
                #expect(
                    numbered.count == ScaleJob.lines,
                    "job \(id)'s log has \(numbered.count) of \(ScaleJob.lines) lines"
                )
            }
            guard succeeded else { continue }

            switch job.kind {
            case .plain:
                break
            case .secret:
                #expect(
                    ScaleJob.printedHash("secret", in: text) == ScaleJob.sha256(secret),
                    "job \(id) did not get the secret added through server 1"
                )
            case .artifact:
                let printed = try #require(ScaleJob.printedHash("artifact", in: text), "job \(id) printed no hash")
                for index in cluster.servers.indices {
                    let name = URL(fileURLWithPath: ScaleJob.artifactPath).lastPathComponent
                    let download = try await cluster.client(ofServer: index).exchange(
                        "GET",
                        "/api/jobs/\(id)/artifacts/\(name)"
                    )
                    #expect(
                        download.status == 200 && download.body.count == ScaleJob.artifactBytes
                            && ScaleJob.sha256(download.body) == printed,
                        "job \(id)'s artifact through server \(index + 1): \(download.status), \(download.body.count) bytes"
                    )
                }
            }
        }
    }

    /// What nginx's access log shows: each server answered requests, and each finished job's `work` log
    /// went up in several requests (its numbered lines are more than one uplink batch).
    static func checkSpread(_ accessLog: String, servers: [Int], jobs: [JobView]) {
        let lines = accessLog.split(separator: "\n")
        let answered = servers.map { port in lines.filter { $0.hasPrefix("127.0.0.1:\(port) ") }.count }
        let takes = servers.map { port in
            lines.filter { $0.hasPrefix("127.0.0.1:\(port) 200 POST /api/runner/take") }.count
        }
        print("ScaleTests: requests answered by each server: \(answered); jobs handed out by each: \(takes)")
        #expect(answered.allSatisfy { $0 > 0 }, "nginx sent requests to every server: \(answered)")
        for job in jobs where job.status == .success {
            let appends = lines.filter {
                $0.contains(" 200 POST /api/runner/jobs/\(job.id)/log?") && $0.contains("task=work")
            }.count
            #expect(appends >= 2, "job \(job.id)'s work log went up in \(appends) requests")
        }
    }
}
