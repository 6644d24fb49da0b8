import Client
import Foundation
import Manifest
import TestSupport
import Testing
import Wire

/// builds.sr.ht's clients against hck: the requests builds.sr.ht's REST API documentation shows,
/// sent as its clients send them (`Authorization: token …`), answered in its shapes: a job's
/// `tags` as one `a/b` string, lists with `total`, errors as `{"errors": [{"reason", "field"}]}`,
/// job groups that wait for `start` unless `execute` is true, and a group cancel.
@Suite struct SourceHutAPITests {
    /// builds.sr.ht's example manifest.
    static let manifest = """
        image: debian/stable
        packages:
          - gcc
        sources:
          - https://git.sr.ht/~sircmpwn/scdoc
        tasks:
          - build: |
              cd scdoc
              make
        """

    @Test func theDocumentedRequestsGetTheDocumentedShapes() async throws {
        try await TestServer.inRouter(directory: TemporaryDirectory()) { server in
            try await server.runner.register(TestServer.capacity)
            let token = try #require(server.alice.token)
            let sourceHut = ["Authorization": "token \(token)", "Content-Type": "application/json"]
            func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> (
                status: Int, json: [String: Any]
            ) {
                let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
                let answer = try await server.anonymous.exchange(method, path, body: data, headers: sourceHut)
                let json = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] ?? [:]
                return (answer.status, json)
            }

            // POST /api/jobs as documented: manifest, note, tags, execute, secrets.
            let submitted = try await call(
                "POST",
                "/api/jobs",
                [
                    "manifest": Self.manifest, "note": "scdoc", "tags": ["scdoc", "main"], "execute": false,
                    "secrets": false,
                ]
            )
            #expect(submitted.status == 200, "\(submitted.json)")
            let id = try #require(submitted.json["id"] as? Int)

            // GET /api/jobs/:id: id, status, setup_log, tasks[name, status, log], note, runner, tags.
            let job = try await call("GET", "/api/jobs/\(id)")
            #expect(job.json["id"] as? Int == id && job.json["status"] as? String == "pending")
            #expect(job.json["tags"] as? String == "scdoc/main", "tags as builds.sr.ht shows them: \(job.json)")
            #expect(job.json["note"] as? String == "scdoc")
            #expect((job.json["setup_log"] as? String)?.hasSuffix("/api/jobs/\(id)/log") == true)
            let tasks = try #require(job.json["tasks"] as? [[String: Any]])
            #expect(tasks.map { $0["name"] as? String } == ["build"] && tasks.first?["status"] as? String == "pending")
            #expect((tasks.first?["log"] as? String)?.hasSuffix("/tasks/build/log") == true)
            let untagged = try await call("POST", "/api/jobs", ["manifest": Self.manifest, "execute": false])
            let bare = try await call("GET", "/api/jobs/\(try #require(untagged.json["id"] as? Int))")
            #expect(bare.json.keys.contains("tags") && bare.json["tags"] is NSNull, "no tags: null, \(bare.json)")

            // GET /api/jobs/:id/manifest: the manifest as plain text.
            let manifest = try await server.anonymous.exchange("GET", "/api/jobs/\(id)/manifest", headers: sourceHut)
            #expect(String(decoding: manifest.body, as: UTF8.self) == Self.manifest)
            #expect(manifest.headers["content-type"]?.hasPrefix("text/plain") == true, "\(manifest.headers)")

            // GET /api/jobs: a paginated list with total.
            let list = try await call("GET", "/api/jobs")
            #expect(list.json["total"] as? Int == 2 && (list.json["results"] as? [Any])?.count == 2, "\(list.json)")
            #expect(list.json["results_per_page"] as? Int != nil)

            // POST /api/job-group: without execute the jobs wait for start; start, then cancel.
            let group = try await call(
                "POST",
                "/api/job-group",
                [
                    "jobs": [id], "note": "a group",
                    "triggers": [["action": "email", "condition": "failure", "to": "a@b.c"]],
                ]
            )
            #expect(group.status == 200, "\(group.json)")
            let groupID = try #require(group.json["id"] as? Int)
            let waiting = try #require(group.json["jobs"] as? [[String: Any]])
            #expect(waiting.map { $0["status"] as? String } == ["pending"], "execute defaults to false")
            let started = try await call("POST", "/api/job-group/\(groupID)/start")
            #expect((started.json["jobs"] as? [[String: Any]])?.map { $0["status"] as? String } == ["queued"])
            let cancelled = try await call("POST", "/api/job-group/\(groupID)/cancel")
            #expect(cancelled.status == 200)
            #expect((cancelled.json["jobs"] as? [[String: Any]])?.map { $0["status"] as? String } == ["cancelled"])
            #expect(try await server.alice.job(Int64(id)).status == .cancelled)

            // POST /api/jobs/:id/start on a job that is not pending: sr.ht's error shape.
            let again = try await call("POST", "/api/jobs/\(id)/start")
            #expect(again.status >= 400 && again.status < 500)
            let reasons = try #require(again.json["errors"] as? [[String: Any]], "\(again.json)")
            #expect(reasons.count == 1 && (reasons.first?["reason"] as? String)?.isEmpty == false)

            // Refusals name their field: a bad tag, an invalid manifest (one entry per diagnostic).
            let badTag = try await call("POST", "/api/jobs", ["manifest": Self.manifest, "tags": ["no spaces"]])
            #expect(badTag.status == 400)
            #expect((badTag.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "tags", "\(badTag.json)")
            let invalid = try await call(
                "POST",
                "/api/jobs",
                ["manifest": "image: debian/stable\ntasks: 3\nsources: x\n"]
            )
            #expect(invalid.status == 400)
            let diagnostics = try #require(invalid.json["errors"] as? [[String: Any]], "\(invalid.json)")
            #expect(diagnostics.count >= 2 && diagnostics.allSatisfy { $0["field"] as? String == "manifest" })
            #expect(diagnostics.count == (invalid.json["diagnostics"] as? [Any])?.count)
            let badID = try await call("GET", "/api/jobs/x")
            #expect((badID.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "id", "\(badID.json)")

            // Another scheme is refused, saying which ones work.
            let basic = try await server.anonymous.exchange(
                "GET",
                "/api/jobs",
                headers: ["Authorization": "Basic eDp5"]
            )
            #expect(basic.status == 401 && String(decoding: basic.body, as: UTF8.self).contains("token TOKEN"))
        }
    }

    @Test func hcksOwnClientReadsTheJoinedTagsAndOlderArrays() throws {
        let joined = try JSONDecoder.api.decode(SlashJoinedTags.self, from: Data(#""a/b.c/d-e""#.utf8))
        #expect(joined.wrappedValue == ["a", "b.c", "d-e"])
        let array = try JSONDecoder.api.decode(SlashJoinedTags.self, from: Data(#"["x","y"]"#.utf8))
        #expect(array.wrappedValue == ["x", "y"])
        let encoded = try JSONEncoder.api.encode(SlashJoinedTags(wrappedValue: ["a", "b"]))
        #expect(String(decoding: encoded, as: UTF8.self) == #""a/b""#)
    }
}
