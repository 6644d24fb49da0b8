import Client
import Crypto
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
    import Glibc
#endif

/// The pages of real jobs: a real server, a real runner node (`hck runner`, a child process) and
/// real debian/bookworm VMs (TCG here), watched in headless Chromium. Two VMs in all: one job is
/// watched live and succeeds, one fails. Needs the image in $HCK_IMAGE_DIR and libvirtd running; runs
/// one after another with the node's other VM suites.
extension NodeVMTests {
    @Suite struct WebPagesOnAVMTests {
        static let hostile = "<script>document.title='pwned'</script>"
        /// Seconds the watched task runs, printing a line each.
        static let tickCount = 15

        /// Prints a line a second, makes an artifact and prints its SHA-256, colours a line.
        static let watched = """
            image: debian/bookworm
            artifacts:
              - out/data.bin
            tasks:
              - ticks: |
                  for i in $(seq 1 \(tickCount)); do echo "tick $i"; sleep 1; done
              - make: |
                  mkdir -p out && head -c 300000 /dev/urandom > out/data.bin
                  echo "sha256=$(sha256sum < out/data.bin | cut -d' ' -f1)"
              - colour: |
                  printf '\\033[32mgreen\\033[0m %s\\n' "\(hostile)"
            """

        /// Fails in its second task, so the third is skipped.
        static let failing = """
            image: debian/bookworm
            tasks:
              - fine: |
                  echo "all good so far"
              - broken: |
                  echo "about to fail"
                  exit 3
              - never: |
                  echo "not reached"
            """

        @Test(.timeLimit(.minutes(15))) func aRealJobIsFollowedLiveItsArtifactMatchesAndAFailureShows() async throws {
            let bed = try NodeTestBed()
            // The node's SSH gateway gets a port of its own (its default, 2222, is everyone's); failed jobs keep
            // their VM 15 s, so the page can show the `ssh` command.
            let sshPort = try TestServer.freePort()
            try await bed.cleaningUp {
                try await TestServer.with(directory: bed.directory, configure: { $0.firstJobID = bed.firstJobID }) {
                    server in
                    let node = try await HckProcess(
                        [
                            "runner", "--server", server.url.absoluteString, "--token", server.runner.token!,
                            "--work-dir", bed.work.path, "--catalog", NodeTestBed.catalog, "--no-package-cache",
                            "--ssh-listen", "127.0.0.1:\(sshPort)", "--failed-keep", "15s",
                        ],
                        environment: bed.environment,
                        log: bed.work.appendingPathComponent("runner.log")
                    )
                    do {
                        try await watch(server, sshPort: sshPort)
                    } catch {
                        Issue.record("hck runner's output:\n\(node.output.suffix(8000))")
                        node.signal(SIGTERM)
                        _ = await node.exitStatus()
                        throw error
                    }
                    node.signal(SIGTERM)
                    #expect(
                        await node.exitStatus(within: .seconds(300)) == 0,
                        "hck runner did not stop cleanly:\n\(node.output.suffix(4000))"
                    )
                }
            }
        }

        /// Submits as alice once the node has registered (until then no runner offers the image: a 400).
        func submit(_ request: SubmitRequest, to server: TestServer) async throws -> JobView {
            let deadline = ContinuousClock.now + .seconds(120)
            while true {
                do {
                    return try await server.alice.submit(request)
                } catch is ClientError where ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(500))
                }
            }
        }

        /// The job watched live, its artifact, then the failing job and its kept VM's `ssh` command.
        func watch(_ server: TestServer, sshPort: Int) async throws {
            let screenshots = Screenshots.folder
            try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
            let job = try await submit(
                SubmitRequest(
                    manifest: Self.watched,
                    note: "watched \(Self.hostile)",
                    tags: ["vm"],
                    visibility: .public
                ),
                to: server
            )
            let url = server.url.appendingPathComponent("jobs/\(job.id)")
            let browser = try await DevToolsSession.open(url)
            let page = BrowserPage(browser: browser)
            try await page.waitFor(
                "the page to go live",
                "document.querySelector('#job.live') !== null",
                within: .seconds(30)
            )
            _ = try await browser.evaluate("window.__loadedOnce = 42")

            // A tick a second: the page must grow a few lines at a time while the task runs.
            let shownTicks =
                "Array.from(document.querySelectorAll('pre[data-log=t1] .t')).filter(e => e.textContent.startsWith('tick')).length"
            try await page.waitFor("tick 1", "\(shownTicks) > 0", within: .seconds(300))
            // A loaded machine runs a TCG guest's `sleep 1` slowly: watch until three counts were seen.
            var counts: [Int] = []
            let watching = ContinuousClock.now + .seconds(120)
            while Set(counts).count < 3, ContinuousClock.now < watching {
                counts.append(try #require(try await browser.evaluate(shownTicks) as? Int))
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(Set(counts).count >= 3, "ticks did not arrive a few at a time while the task ran: \(counts)")
            #expect(counts == counts.sorted(), "lines went away: \(counts)")
            #expect(counts.last ?? 0 < Self.tickCount, "the task ended before the page was watched: \(counts)")
            let state = try await browser.evaluate("document.querySelector('li[data-task=ticks]').className") as? String
            #expect(state == "task s-running", "the ticks task shows as \(state ?? "missing") while it runs")
            try await browser.screenshot(to: "\(screenshots)/job-running.png", width: 1100, height: 1500)

            try await page.waitFor(
                "the job to succeed",
                "document.querySelector('#job-status .s-success') !== null && document.querySelector('#job.ended') !== null",
                within: .seconds(300)
            )
            #expect(try await browser.evaluate("window.__loadedOnce") as? Int == 42, "the page was reloaded")
            let ticks =
                try await browser.evaluate(
                    "Array.from(document.querySelectorAll('pre[data-log=t1] .t')).map(e => e.textContent).filter(t => t.startsWith('tick')).join(',')"
                ) as? String
            #expect(
                ticks == (1...Self.tickCount).map { "tick \($0)" }.joined(separator: ","),
                "lines were lost or doubled"
            )

            let dom = try await Chromium.dumpDOM(url)
            #expect(dom.contains("<title>Job #\(job.id) · hck</title>"), "a script in the page changed the title")
            for task in ["ticks", "make", "colour"] {
                #expect(
                    dom.contains("<li class=\"task s-success\" data-task=\"\(task)\">"),
                    "task \(task) is not a success"
                )
            }
            #expect(dom.contains("<span class=\"f2\">green</span> &lt;script&gt;document.title='pwned'&lt;/script&gt;"))
            #expect(dom.contains("watched &lt;script&gt;document.title='pwned'&lt;/script&gt;"))
            #expect(dom.contains("<dt>Runner</dt><dd>r1</dd>"))
            #expect(!dom.contains("<script>document.title"))
            let printed = try #require(dom.firstMatch(of: /sha256=([0-9a-f]{64})/)?.1, "the digest is not on the page")
            let link = try #require(
                dom.firstMatch(of: /<a class="artifact" download="" href="([^"]+)">data.bin<\/a>/)?.1,
                "no link to the artifact"
            )
            let download = try await WebClient(baseURL: server.url).send("GET", String(link))
            #expect(download.status == 200)
            #expect(download.headers["content-disposition"]?.contains("filename=\"data.bin\"") == true)
            #expect(download.body.count == 300_000)
            let digest = SHA256.hash(data: download.body).map { String(format: "%02x", $0) }.joined()
            #expect(digest == String(printed), "the artifact downloaded through the page is not the file the VM made")
            try await Chromium.screenshot(url, to: "\(screenshots)/job-succeeded.png")
            try await Chromium.screenshot(url, to: "\(screenshots)/job-phone.png", width: 390, height: 1400)

            let failed = try await submit(
                SubmitRequest(manifest: Self.failing, note: "fails on purpose", tags: ["vm"], visibility: .unlisted),
                to: server
            )
            // A failed job keeps its VM a while (--failed-keep): the live page shows the `ssh` command, then drops it.
            let failedURL = server.url.appendingPathComponent("jobs/\(failed.id)")
            let keptBrowser = try await DevToolsSession.open(failedURL)
            let kept = BrowserPage(browser: keptBrowser)
            try await kept.waitFor(
                "the ssh command while the failed job's VM is kept",
                """
                document.querySelector('li[data-task=broken]').className === 'task s-failed' \
                && document.querySelector('#job-ssh pre')?.textContent === 'ssh -t -p \(sshPort) connect@127.0.0.1 \(failed.id)' \
                && document.querySelector('#job-ssh p').textContent.startsWith('Kept until')
                """,
                within: .seconds(300)
            )
            try await kept.waitFor(
                "the end of the failed job's keep time",
                "document.querySelector('#job.ended .s-failed') !== null && document.getElementById('job-ssh').textContent === ''",
                within: .seconds(120)
            )
            #expect(try await server.alice.job(failed.id).status == .failed)
            let failedDOM = try await Chromium.dumpDOM(failedURL)
            #expect(
                failedDOM.contains("<span id=\"job-status\"><span class=\"status s-failed\">✘ failed</span></span>")
            )
            #expect(failedDOM.contains("<li class=\"task s-success\" data-task=\"fine\">"))
            #expect(failedDOM.contains("<li class=\"task s-failed\" data-task=\"broken\">"))
            #expect(failedDOM.contains("<li class=\"task s-skipped\" data-task=\"never\">"))
            #expect(failedDOM.contains("<span class=\"t\">about to fail</span>"))
            #expect(!failedDOM.contains("<span class=\"t\">not reached</span>"))
            try await Chromium.screenshot(failedURL, to: "\(screenshots)/job-failed.png")

            let tagged = try await Chromium.dumpDOM(server.url.appendingPathComponent("tags/vm"))
            #expect(tagged.contains("<a href=\"/jobs/\(job.id)\">#\(job.id)</a>"))
            #expect(!tagged.contains("<a href=\"/jobs/\(failed.id)\">"), "an unlisted job is listed to anyone")
            try await Chromium.screenshot(server.url, to: "\(screenshots)/home-phone.png", width: 390, height: 700)
        }
    }
}
