import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// The pages in a real headless Chromium against a real server on loopback; jobs are driven by an
/// emulated runner over the real runner protocol.
@Suite(.serialized) struct WebPagesBrowserTests {
    @Test func aFinishedJobShowsTasksLogsArtifactsAndKeepsMarkupAsText() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir, configure: Self.patientLeases) { server in
            let runner = try await EmulatedRunner(server: server)
            let hostile = "<script>document.title='pwned'</script>"
            let job = try await server.alice.submit(.web(note: "note \(hostile)", tags: ["web"]))
            try await runner.take(job.id)
            try await runner.log(job.id, nil, "booting the VM\n\u{1B}[1mcloning\u{1B}[0m sources\n")
            try await runner.task(job.id, "build", .running)
            try await runner.log(job.id, "build", "\u{1B}[32mcompiled\u{1B}[0m 12 files\n\(hostile)\n")
            try await runner.task(job.id, "build", .success)
            try await runner.task(job.id, "test", .running)
            try await runner.log(job.id, "test", "running 3 tests\n\u{1B}[1;31mFAIL\u{1B}[0m test_parse\n")
            try await runner.task(job.id, "test", .failed)
            let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
            _ = try await server.runner.uploadArtifact(job.id, name: "build-output.bin", contents: bytes)
            _ = try await server.runner.finish(job.id, status: .failed)

            let url = server.url.appendingPathComponent("jobs/\(job.id)")
            let dom = try await Chromium.dumpDOM(url)
            #expect(dom.contains("<title>Job #\(job.id) · hck</title>"), "a script in the page changed the title")
            #expect(dom.contains("<span id=\"job-status\"><span class=\"status s-failed\">✘ failed</span></span>"))
            #expect(dom.contains("<li class=\"task s-success\" data-task=\"build\">"))
            #expect(dom.contains("<dt>Runner</dt><dd>r1</dd>"), "a finished job's page forgot its runner")
            #expect(dom.contains("<li class=\"task s-failed\" data-task=\"test\">"))
            #expect(dom.contains("<li class=\"task s-skipped\" data-task=\"package\">"))
            #expect(
                dom.contains(
                    "<a class=\"n\" href=\"#setup-L2\">2</a><span class=\"t\"><span class=\"b\">cloning</span> sources</span>"
                )
            )
            #expect(
                dom.contains(
                    "id=\"t1-L1\"><a class=\"n\" href=\"#t1-L1\">1</a><span class=\"t\"><span class=\"f2\">compiled</span> 12 files</span>"
                )
            )
            #expect(dom.contains("<span class=\"f1 b\">FAIL</span> test_parse"))
            // Markup from the note, a tag, a log line and the manifest is text, never an element.
            #expect(dom.contains("note &lt;script&gt;document.title='pwned'&lt;/script&gt;"))
            #expect(dom.contains("<span class=\"t\">&lt;script&gt;document.title='pwned'&lt;/script&gt;</span>"))
            #expect(dom.contains("# &lt;script&gt;document.title='pwned-manifest'&lt;/script&gt;"))
            #expect(!dom.contains("<script>document.title"))
            #expect(
                dom.components(separatedBy: "<script").count == 1,
                "a finished job's page loads no script at all: \(dom)"
            )

            let link = "/jobs/\(job.id)/artifacts/build-output.bin"
            #expect(dom.contains("<a class=\"artifact\" download=\"\" href=\"\(link)\">build-output.bin</a>"))
            let web = WebClient(baseURL: server.url)
            let download = try await web.send("GET", link)
            #expect(download.status == 200)
            #expect(download.body == bytes, "the artifact downloaded through the page's link differs from the upload")
            #expect(
                download.headers["content-disposition"]
                    == "attachment; filename=\"build-output.bin\"; filename*=UTF-8''build-output.bin"
            )

            let home = try await Chromium.dumpDOM(server.url)
            #expect(home.contains("<a href=\"/jobs/\(job.id)\">#\(job.id)</a>"))
            #expect(home.contains("<td data-label=\"Status\"><span class=\"status s-failed\">✘ failed</span></td>"))
            // Tags cannot carry markup (the server refuses them); the note can, and stays text.
            #expect(home.contains("note &lt;script&gt;document.title='pwned'&lt;/script&gt;</td>"))
            #expect(home.contains("<title>Recent jobs · hck</title>"))

            try FileManager.default.createDirectory(atPath: Screenshots.folder, withIntermediateDirectories: true)
            try await Chromium.screenshot(url, to: "\(Screenshots.folder)/emulated-job-failed.png")
            try await Chromium.screenshot(
                server.url,
                to: "\(Screenshots.folder)/emulated-home-phone.png",
                width: 390,
                height: 844
            )
        }
    }

    @Test func aRunningJobsPageShowsNewLinesAndStatusesWithoutReloading() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir, configure: Self.patientLeases) { server in
            let runner = try await EmulatedRunner(server: server)
            let job = try await server.alice.submit(.web(note: "live", tags: ["live"]))
            try await runner.take(job.id)
            try await runner.log(job.id, nil, "booting the VM\n")
            try await runner.task(job.id, "build", .running)
            try await runner.log(job.id, "build", "compiling 1\ncompiling 2\n")
            let url = server.url.appendingPathComponent("jobs/\(job.id)")
            try FileManager.default.createDirectory(atPath: Screenshots.folder, withIntermediateDirectories: true)
            let browser = try await DevToolsSession.open(url)
            try await waitFor("the page to go live", browser, "document.querySelector('#job.live') !== null")
            _ = try await browser.evaluate("window.__loadedOnce = 42")
            let served = try #require(
                try await browser.evaluate("document.querySelector('pre[data-log=t1]').dataset.servedLines") as? String
            )
            #expect(served == "2")
            try await Chromium.screenshot(url, to: "\(Screenshots.folder)/emulated-job-running.png")

            let clock = ContinuousClock()
            var slowest = Duration.zero
            for tick in 1...5 {
                try await Task.sleep(for: .seconds(1))
                let appended = clock.now
                try await runner.log(job.id, "build", "tick \(tick) <i>not italic</i>\n")
                try await waitFor(
                    "tick \(tick)",
                    browser,
                    "document.getElementById('t1-L\(2 + tick)')?.textContent === '\(2 + tick)tick \(tick) <i>not italic</i>'"
                )
                slowest = max(slowest, clock.now - appended)
            }
            // Pushed, not polled: well within the stream's 15 s ping, with room for a loaded machine.
            #expect(slowest < .seconds(10), "a line took \(slowest) to appear")
            try await runner.task(job.id, "build", .success)
            try await waitFor(
                "build's status",
                browser,
                "document.querySelector('li[data-task=build]').className === 'task s-success'"
            )
            try await runner.task(job.id, "test", .running)
            try await runner.log(job.id, "test", "unterminated")
            try await runner.log(job.id, "test", " line\n")
            try await waitFor(
                "a line sent in two pieces",
                browser,
                "document.getElementById('t2-L1')?.textContent === '1unterminated line'"
            )
            try await runner.task(job.id, "test", .success)
            try await runner.task(job.id, "package", .success)
            _ = try await server.runner.uploadArtifact(job.id, name: "live.txt", contents: Data("made live".utf8))
            _ = try await server.runner.finish(job.id, status: .success)
            try await waitFor(
                "the artifact's link",
                browser,
                "document.querySelector('#job-artifacts a.artifact')?.getAttribute('href') === '/jobs/\(job.id)/artifacts/live.txt'"
            )
            try await waitFor(
                "the final status",
                browser,
                "document.querySelector('#job-status .s-success') !== null && document.querySelector('#job.ended') !== null"
            )
            #expect(try await browser.evaluate("window.__loadedOnce") as? Int == 42, "the page was reloaded")
            #expect(try await browser.evaluate("document.querySelectorAll('pre[data-log=t1] .l').length") as? Int == 7)
            #expect(try await browser.evaluate("document.querySelectorAll('pre[data-log=t1] i').length") as? Int == 0)
            let logSize =
                "compiling 1\ncompiling 2\n".utf8.count
                + (1...5).map { "tick \($0) <i>not italic</i>\n".utf8.count }.reduce(0, +)
            #expect(
                try await browser.evaluate("document.querySelector('[data-size=t1]').textContent") as? String
                    == "\(logSize) B",
                "the raw log's size did not follow the log"
            )
            try await Chromium.screenshot(url, to: "\(Screenshots.folder)/emulated-job-succeeded.png")

            // On a phone's width nothing makes the page scroll sideways.
            _ = try await browser.call(
                "Emulation.setDeviceMetricsOverride",
                ["width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true]
            )
            let width = try await browser.evaluate("document.documentElement.scrollWidth") as? Int
            #expect(width == 390, "the job page is \(width ?? 0) px wide on a 390 px phone")
        }
    }

    @Test(.timeLimit(.minutes(2))) func aBrowserFollowingARunningJobDoesNotHoldUpShutdown() async throws {
        let dir = try TemporaryDirectory()
        let clock = ContinuousClock()
        let (browser, bodyEnded) = try await TestServer.with(directory: dir, configure: Self.patientLeases) { server in
            let runner = try await EmulatedRunner(server: server)
            let job = try await server.alice.submit(.web(note: "watched", tags: []))
            try await runner.take(job.id)
            let browser = try await DevToolsSession.open(server.url.appendingPathComponent("jobs/\(job.id)"))
            try await waitFor("the page to go live", browser, "document.querySelector('#job.live') !== null")
            return (browser, clock.now)
        }
        let shutdown = clock.now - bodyEnded
        #expect(shutdown < .seconds(10), "the server took \(shutdown) to stop while a page followed a running job")
        withExtendedLifetime(browser) {}
    }

    /// Polls the page (not the server) until `condition` holds, for at most 30 s (CI machines are shared).
    func waitFor(_ what: String, _ browser: DevToolsSession, _ condition: String) async throws {
        try await BrowserPage(browser: browser).waitFor(what, condition, within: .seconds(30))
    }
}
