import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Sign-in, visibility, CSRF-checked forms, badges and gigabyte-proof logs, over real HTTP.
@Suite struct WebAccessTests {
    @Test func signedInOwnersSeePrivateJobsAndActThroughCSRFCheckedForms() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir, configure: Self.patientLeases) { server in
            _ = try await EmulatedRunner(server: server)
            let web = WebClient(baseURL: server.url)
            let secret = try await server.alice.submit(.web(note: "private one", tags: ["p"], visibility: .private))
            let unlisted = try await server.alice.submit(.web(note: "unlisted one", tags: ["u"], visibility: .unlisted))
            let open = try await server.alice.submit(.web(note: "public one", tags: ["u"]))

            #expect(try await web.send("GET", "/jobs/\(secret.id)").status == 404)
            #expect(
                try await web.send("GET", "/jobs/\(unlisted.id)").status == 200,
                "unlisted jobs are readable by URL"
            )
            let anonymousHome = try await web.send("GET", "/").text
            #expect(anonymousHome.contains("href=\"/jobs/\(open.id)\""))
            #expect(!anonymousHome.contains("href=\"/jobs/\(unlisted.id)\""), "unlisted jobs are not listed to others")
            #expect(!anonymousHome.contains("href=\"/jobs/\(secret.id)\""))

            #expect(try await signIn(web, token: "not-a-token").answer.status == 401)
            let loginPage = try await web.send("GET", "/login")
            let loginField = try #require(loginPage.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
            let forged = try await web.send(
                "POST",
                "/login",
                form: ["token": server.alice.token!, "csrf": String(loginField)]
            )
            #expect(forged.status == 403, "a sign-in post without the login cookie (another site's form) is refused")
            let (signedIn, cookie) = try await signIn(web, token: server.alice.token!)
            #expect(signedIn.status == 303)
            let setCookie = try #require(signedIn.headers["set-cookie"])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))

            let page = try await web.send("GET", "/jobs/\(secret.id)", cookie: cookie)
            #expect(page.status == 200)
            #expect(page.text.contains("private one"))
            let mine = try await web.send("GET", "/?owner=alice", cookie: cookie).text
            #expect(mine.contains("href=\"/jobs/\(secret.id)\"") && mine.contains("href=\"/jobs/\(unlisted.id)\""))
            let filtered = try await web.send("GET", "/?tag=u&status=queued", cookie: cookie).text
            #expect(filtered.contains("href=\"/jobs/\(open.id)\"") && !filtered.contains("href=\"/jobs/\(secret.id)\""))

            let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
            #expect(
                try await web.send("POST", "/jobs/\(secret.id)/cancel", cookie: cookie, form: ["csrf": "forged"]).status
                    == 403
            )
            #expect(try await web.send("POST", "/jobs/\(secret.id)/cancel", form: ["csrf": String(csrf)]).status == 403)
            #expect(try await server.alice.job(secret.id).status == .queued)
            let cancel = try await web.send(
                "POST",
                "/jobs/\(secret.id)/cancel",
                cookie: cookie,
                form: ["csrf": String(csrf)]
            )
            #expect(cancel.status == 303)
            #expect(cancel.headers["location"] == "/jobs/\(secret.id)")
            #expect(try await server.alice.job(secret.id).status == .cancelled)

            let resubmit = try await web.send(
                "POST",
                "/jobs/\(secret.id)/resubmit",
                cookie: cookie,
                form: ["csrf": String(csrf)]
            )
            #expect(resubmit.status == 303)
            let again = try #require(resubmit.headers["location"].flatMap { Int64($0.dropFirst("/jobs/".count)) })
            let copy = try await server.alice.job(again)
            #expect(copy.note == "private one" && copy.visibility == .private && copy.status == .queued)

            let (_, bobCookie) = try await signIn(web, token: server.bob.token!)
            let bobPage = try await web.send("GET", "/jobs/\(unlisted.id)", cookie: bobCookie).text
            #expect(!bobPage.contains("/cancel"), "only the owner is offered cancel")
            let bobCSRF = try #require(bobPage.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
            #expect(
                try await web.send(
                    "POST",
                    "/jobs/\(unlisted.id)/cancel",
                    cookie: bobCookie,
                    form: ["csrf": String(bobCSRF)]
                ).status == 404
            )
            #expect(try await web.send("GET", "/jobs/\(secret.id)", cookie: bobCookie).status == 404)

            #expect(try await web.send("POST", "/logout", cookie: cookie, form: ["csrf": String(csrf)]).status == 303)
            #expect(try await web.send("GET", "/jobs/\(secret.id)", cookie: cookie).status == 404, "the session ended")
        }
    }

    /// Signs in as a browser does: the form (and its login cookie), then the post.
    func signIn(_ web: WebClient, token: String) async throws -> (answer: WebClient.Answer, cookie: String) {
        let form = try await web.send("GET", "/login")
        let field = try #require(form.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
        let loginCookie = try #require(form.headers["set-cookie"]?.firstMatch(of: /hck_login=[0-9a-f]+/)?.0)
        let answer = try await web.send(
            "POST",
            "/login",
            cookie: String(loginCookie),
            form: ["token": token, "csrf": String(field)]
        )
        let session = answer.headers["set-cookie"]?.firstMatch(of: /hck_session=[0-9a-f]+/)?.0
        return (answer, session.map(String.init) ?? "")
    }

    @Test func listingsPageThroughTagsAndShowGroups() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir, configure: Self.patientLeases) { server in
            _ = try await EmulatedRunner(server: server)
            let web = WebClient(baseURL: server.url)
            var ids: [Int64] = []
            for index in 0..<27 {
                ids.append(try await server.alice.submit(.web(note: "many \(index)", tags: ["many"])).id)
            }
            _ = try await server.bob.submit(.web(note: "other", tags: ["other"]))
            let first = try await web.send("GET", "/tags/many").text
            let firstIDs = first.matches(of: /<a href="\/jobs\/(\d+)">/).compactMap { Int64($0.1) }
            #expect(firstIDs == Array(ids.reversed().prefix(25)))
            #expect(!first.contains("name=\"tag\""), "the tag page does not offer a tag field")
            let older = try #require(first.firstMatch(of: /rel="next" href="([^"]+)"/)?.1)
            #expect(older == "/tags/many?before=\(ids[2])")
            let second = try await web.send("GET", String(older)).text
            #expect(second.matches(of: /<a href="\/jobs\/(\d+)">/).compactMap { Int64($0.1) } == [ids[1], ids[0]])
            #expect(!second.contains("rel=\"next\""))
            let bobs = try await web.send("GET", "/~bob").text
            #expect(bobs.matches(of: /<a href="\/jobs\/(\d+)">/).count == 1)

            let members = [
                try await server.alice.submit(
                    SubmitRequest(
                        manifest: SubmitRequest.web(note: "", tags: []).manifest,
                        execute: false,
                        visibility: .public
                    )
                ),
                try await server.alice.submit(
                    SubmitRequest(
                        manifest: SubmitRequest.web(note: "", tags: []).manifest,
                        execute: false,
                        visibility: .public
                    )
                ),
            ]
            let group = try await server.alice.createGroup(
                JobGroupRequest(jobs: members.map(\.id), note: "<b>release</b> group", execute: false)
            )
            let page = try await web.send("GET", "/groups/\(group.id)").text
            #expect(page.contains("<p class=\"note\">&lt;b&gt;release&lt;/b&gt; group</p>"))
            #expect(
                page.matches(of: /<a href="\/jobs\/(\d+)">/).compactMap { Int64($0.1) } == members.map(\.id).reversed()
            )
            let job = try await web.send("GET", "/jobs/\(members[0].id)").text
            #expect(job.contains("<a href=\"/groups/\(group.id)\">#\(group.id)</a>"))
            #expect(try await web.send("GET", "/groups/999").status == 404)
        }
    }

    @Test func badgesShowTheLatestPublicJobAndRevalidateWithETags() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir, configure: Self.patientLeases) { server in
            let runner = try await EmulatedRunner(server: server)
            let web = WebClient(baseURL: server.url)
            #expect(try await web.send("GET", "/~alice/badge.svg").text.contains(">unknown</text>"))
            let job = try await server.alice.submit(.web(note: "badge", tags: ["release"]))
            try await runner.take(job.id)
            let running = try await web.send("GET", "/~alice/badge.svg")
            #expect(running.status == 200)
            #expect(running.headers["content-type"] == "image/svg+xml; charset=utf-8")
            #expect(running.headers["cache-control"] == "no-cache, max-age=0")
            #expect(running.text.contains(">running</text>"))
            let etag = try #require(running.headers["etag"])
            #expect(try await web.send("GET", "/~alice/badge.svg", headers: ["If-None-Match": etag]).status == 304)
            _ = try await server.runner.finish(job.id, status: .success)
            let done = try await web.send("GET", "/~alice/badge.svg", headers: ["If-None-Match": etag])
            #expect(done.status == 200)
            #expect(done.text.contains(">success</text>"))
            #expect(try await web.send("GET", "/tags/release/badge.svg").text.contains(">success</text>"))
            #expect(try await web.send("GET", "/~alice/badge.svg?tag=other").text.contains(">unknown</text>"))
            _ = try await server.alice.submit(.web(note: "hidden", tags: ["release"], visibility: .private))
            #expect(
                try await web.send("GET", "/tags/release/badge.svg").text.contains(">success</text>"),
                "private jobs stay out of badges"
            )
        }
    }

    @Test func aLargeLogShowsItsNumberedTailAndServesTheWholeByRange() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir, configure: Self.patientLeases) { server in
            let runner = try await EmulatedRunner(server: server)
            let web = WebClient(baseURL: server.url)
            let job = try await server.alice.submit(.web(note: "big", tags: []))
            try await runner.take(job.id)
            var whole = Data()
            var number = 0
            for _ in 0..<6 {
                var chunk = ""
                while chunk.utf8.count < 512 * 1024 {
                    number += 1
                    chunk += "line \(number) of the build output, padded to look like a compiler's chatter\n"
                }
                whole.append(Data(chunk.utf8))
                try await runner.log(job.id, nil, chunk)
            }
            _ = try await server.runner.finish(job.id, status: .success)
            #expect(whole.count > 3 * 1024 * 1024)

            // The page must not carry the whole log: its size is the test (timings belong in bench/).
            let page = try await web.send("GET", "/jobs/\(job.id)")
            #expect(page.status == 200)
            #expect(page.body.count < 600 * 1024, "the page carries \(page.body.count) bytes")
            #expect(page.text.contains("Showing the last"))
            #expect(
                page.text.contains(
                    "<a class=\"n\" href=\"#setup-L\(number)\">\(number)</a><span class=\"t\">line \(number) of"
                )
            )
            let first = try #require(
                page.text.firstMatch(of: /href="#setup-L(\d+)">\d+<\/a><span class="t">line (\d+) of/)
            )
            #expect(first.1 == first.2, "line numbers match the lines' own numbers")
            #expect(
                Int(first.1)! > 1 && number - Int(first.1)! + 1 >= 128 * 1024 / 80,
                "at least 128 KiB of lines are shown"
            )
            #expect(!page.text.contains("id=\"setup-L1\""))

            let raw = try await web.send("GET", "/jobs/\(job.id)/log")
            #expect(raw.body == whole)
            let range = try await web.send("GET", "/jobs/\(job.id)/log", headers: ["Range": "bytes=100000-100099"])
            #expect(range.status == 206)
            #expect(range.body == whole.subdata(in: 100_000..<100_100))
            #expect(range.headers["content-range"] == "bytes 100000-100099/\(whole.count)")
            let suffix = try await web.send("GET", "/jobs/\(job.id)/log", headers: ["Range": "bytes=-10"])
            #expect(suffix.body == whole.suffix(10))
            #expect(
                try await web.send("GET", "/jobs/\(job.id)/log", headers: ["Range": "bytes=99999999-"]).status == 416
            )
        }
    }
}
