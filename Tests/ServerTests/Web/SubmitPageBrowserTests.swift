import Client
import Foundation
import Manifest
import TestSupport
import Testing
import Wire

/// The submit page in a real headless Chromium against a real server: sign in through the login
/// form, submit a manifest with a note, tags and visibility; a refused manifest comes back with
/// its diagnostics and the text as typed; "edit and resubmit" on a job's page opens the form
/// filled from that job, and submitting the edit makes a new job.
@Suite struct SubmitPageBrowserTests {
    static let manifest = """
        image: debian/stable
        tasks:
          - build: |
              echo "<b>not bold</b>" && make
        """

    @Test func aSignedInUserSubmitsFixesARefusalAndEditsAJobToResubmitIt() async throws {
        try await TestServer.with(directory: TemporaryDirectory()) { server in
            try await server.runner.register(TestServer.capacity)
            let token = try #require(server.alice.token)
            let browser = try await DevToolsSession.open(server.url.appendingPathComponent("login"))
            let page = BrowserPage(browser: browser)
            try await page.waitFor(
                "the login form",
                "document.querySelector('form.login') !== null",
                within: .seconds(30)
            )
            _ = try await browser.evaluate(
                """
                document.querySelector('input[name=token]').value = \(Self.javaScript(token));
                document.querySelector('form.login').submit(); true
                """
            )
            try await page.waitFor("alice's page", "location.pathname === '/~alice'", within: .seconds(30))
            // The path changes before the new page's document is there: wait for its header's link.
            try await page.waitFor(
                "the submit link in alice's header",
                "document.querySelector('header a[href=\"/submit\"]') !== null",
                within: .seconds(30)
            )

            // A manifest the server refuses: the form comes back with the text and every diagnostic.
            try await open("/submit", in: browser, page)
            try await fill(browser, manifest: "image: debian/stable\ntasks: 3\n", note: "broken", tags: "web", "public")
            try await page.waitFor(
                "the refusal",
                "document.querySelector('pre.diagnostics') !== null",
                within: .seconds(30)
            )
            let diagnostics =
                try await browser.evaluate("document.querySelector('pre.diagnostics').textContent") as? String
            #expect(diagnostics?.contains("manifest:2:") == true, "\(diagnostics ?? "")")
            #expect(
                try await browser.evaluate("document.querySelector('textarea').value") as? String
                    == "image: debian/stable\ntasks: 3\n"
            )
            #expect(
                try await browser.evaluate("document.querySelector('input[name=note]').value") as? String == "broken"
            )

            // Fixed and sent again: a new job with the note, the tags and the visibility chosen.
            try await fill(browser, manifest: Self.manifest, note: "from the <form>", tags: "web page-1", "private")
            try await page.waitFor("the job's page", "/^\\/jobs\\/\\d+$/.test(location.pathname)", within: .seconds(30))
            let path = try #require(try await browser.evaluate("location.pathname") as? String)
            let id = try #require(Int64(path.dropFirst("/jobs/".count)))
            let job = try await server.alice.job(id)
            #expect(job.note == "from the <form>" && job.tags == ["web", "page-1"] && job.visibility == .private)
            #expect(try await manifest(of: id, server) == Self.manifest)

            // Edit and resubmit from the job's page: the form is filled from the job.
            _ = try await browser.evaluate("document.querySelector('a[href=\"/submit?from=\(id)\"]').click(); true")
            try await page.waitFor(
                "the filled form",
                "document.querySelector('form.submit') !== null",
                within: .seconds(30)
            )
            #expect(try await browser.evaluate("document.querySelector('textarea').value") as? String == Self.manifest)
            #expect(
                try await browser.evaluate("document.querySelector('input[name=tags]').value") as? String
                    == "web page-1"
            )
            #expect(try await browser.evaluate("document.querySelector('select').value") as? String == "private")
            #expect(
                try await browser.evaluate("document.querySelector('h1').textContent") as? String
                    == "Edit and resubmit job #\(id)"
            )
            let edited = Self.manifest.replacingOccurrences(of: "make", with: "make check")
            try await fill(browser, manifest: edited, note: "edited", tags: "web", "unlisted")
            try await page.waitFor(
                "the new job's page",
                "/^\\/jobs\\/\\d+$/.test(location.pathname) && location.pathname !== '/jobs/\(id)'",
                within: .seconds(30)
            )
            let newPath = try #require(try await browser.evaluate("location.pathname") as? String)
            let again = try #require(Int64(newPath.dropFirst("/jobs/".count)))
            #expect(try await manifest(of: again, server) == edited)
            #expect(try await server.alice.job(again).note == "edited")

            // Without a session the page sends you to sign in; a post without the CSRF token is refused.
            let web = WebClient(baseURL: server.url)
            let anonymous = try await web.send("GET", "/submit")
            #expect(anonymous.status == 303 && anonymous.headers["location"] == "/login")
            let forged = try await web.send("POST", "/submit", form: ["manifest": "image: debian/stable", "csrf": "x"])
            #expect(forged.status == 403)
        }
    }

    /// The job's manifest as the API serves it.
    func manifest(of id: Int64, _ server: TestServer) async throws -> String {
        String(decoding: try await server.alice.exchange("GET", "/api/jobs/\(id)/manifest").body, as: UTF8.self)
    }

    /// Navigates the browser to `path` and waits for it.
    func open(_ path: String, in browser: DevToolsSession, _ page: BrowserPage) async throws {
        _ = try await browser.evaluate("location.href = \(Self.javaScript(path)); true")
        try await page.waitFor(
            path,
            "location.pathname === \(Self.javaScript(path)) && document.readyState === 'complete'",
            within: .seconds(30)
        )
    }

    /// Fills the submit form as a user would and sends it.
    func fill(_ browser: DevToolsSession, manifest: String, note: String, tags: String, _ visibility: String)
        async throws
    {
        _ = try await browser.evaluate(
            """
            document.querySelector('textarea[name=manifest]').value = \(Self.javaScript(manifest));
            document.querySelector('input[name=note]').value = \(Self.javaScript(note));
            document.querySelector('input[name=tags]').value = \(Self.javaScript(tags));
            document.querySelector('select[name=visibility]').value = \(Self.javaScript(visibility));
            document.querySelector('form.submit button[type=submit]').click(); true
            """
        )
    }

    /// A JavaScript string literal for `text`.
    static func javaScript(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}
