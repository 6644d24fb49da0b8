import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// `/repos/NAME` over real HTTP: a repository's branches with their latest builds, placed by the
/// tags a push gives its jobs (the repository's, then the branch's), and a status badge per branch.
@Suite struct RepositoryPageTests {
    @Test func theRepositoryPageShowsEachBranchsLatestBuildsAndBadges() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir, configure: WebAccessTests.patientLeases) { server in
            let runner = try await EmulatedRunner(server: server)
            let web = WebClient(baseURL: server.url)
            let empty = try await web.send("GET", "/repos/hck")
            #expect(empty.status == 200 && empty.text.contains("No builds of hck to show yet"))
            #expect(try await web.send("GET", "/repos/hck/main/badge.svg").text.contains(">unknown</text>"))

            let oldMain = try await server.alice.submit(.web(note: "first\n\nabc1234", tags: ["hck", "main"]))
            try await runner.take(oldMain.id)
            _ = try await server.runner.finish(oldMain.id, status: .failed)
            let main = try await server.alice.submit(
                .web(note: "fix the build\n\ndef5678 — A <a@b>", tags: ["hck", "main"])
            )
            try await runner.take(main.id)
            _ = try await server.runner.finish(main.id, status: .success)
            let feature = try await server.alice.submit(.web(note: "try <b>x</b>", tags: ["hck", "feature-x"]))
            try await runner.take(feature.id)
            let other = try await server.alice.submit(.web(note: "elsewhere", tags: ["other", "main"]))
            let hidden = try await server.alice.submit(
                .web(note: "secret", tags: ["hck", "secret-branch"], visibility: .private)
            )

            let page = try await web.send("GET", "/repos/hck")
            #expect(page.status == 200)
            let text = page.text
            // feature-x was built last, so it comes first; each branch's newest build first, and the
            // newest one's subject.
            let featureRow = try #require(text.range(of: "<strong>feature-x</strong>"))
            let mainRow = try #require(text.range(of: "<strong>main</strong>"))
            #expect(featureRow.lowerBound < mainRow.lowerBound)
            let mainLinks = text[mainRow.upperBound...]
            let newest = try #require(mainLinks.range(of: "href=\"/jobs/\(main.id)\""))
            let oldest = try #require(mainLinks.range(of: "href=\"/jobs/\(oldMain.id)\""))
            #expect(newest.lowerBound < oldest.lowerBound)
            #expect(mainLinks.contains("fix the build") && !mainLinks.contains("def5678"))
            #expect(text.contains("try &lt;b&gt;x&lt;/b&gt;"), "notes stay text")
            #expect(text.contains("src=\"/repos/hck/main/badge.svg\""))
            #expect(text.contains("\(server.url.absoluteString)/repos/hck/feature-x/badge.svg"))
            #expect(!text.contains("href=\"/jobs/\(other.id)\""), "another repository's main is not this one's")
            #expect(!text.contains("secret-branch"), "private jobs are listed to their owner only")

            let mainBadge = try await web.send("GET", "/repos/hck/main/badge.svg")
            #expect(mainBadge.status == 200 && mainBadge.headers["content-type"] == "image/svg+xml; charset=utf-8")
            #expect(mainBadge.text.contains(">main</text>") && mainBadge.text.contains(">success</text>"))
            #expect(try await web.send("GET", "/repos/hck/feature-x/badge.svg").text.contains(">running</text>"))
            #expect(try await web.send("GET", "/repos/other/main/badge.svg").text.contains(">queued</text>"))
            #expect(try await web.send("GET", "/repos/hck/secret-branch/badge.svg").text.contains(">unknown</text>"))

            // Its owner, signed in with a token, sees the private branch too.
            let own = try await web.send(
                "GET",
                "/repos/hck",
                headers: ["Authorization": "Bearer \(server.alice.token!)"]
            )
            #expect(own.text.contains("<strong>secret-branch</strong>") && own.text.contains("/jobs/\(hidden.id)"))
        }
    }
}
