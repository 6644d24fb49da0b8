import Client
import Foundation
import Manifest
import Store
import TestSupport
import Testing
import Wire

@testable import Server

/// The pure parts of the pages: escaping, ANSI colours, log lines, templates given hostile text.
@Suite struct WebRenderingTests {
    @Test func interpolatedTextIsEscapedAndFragmentsAreKept() {
        let hostile = "<script>alert('x')</script> & \"quoted\""
        let inner: HTML = "<b>\(hostile)</b>"
        let page: HTML = "<p>\(inner)</p>"
        #expect(page.markup == "<p><b>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</b></p>")
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("\u{1B}[1;31mred bold\u{1B}[0m after", "<span class=\"f1 b\">red bold</span> after"),
        (
            "\u{1B}[32mgreen \u{1B}[4munder\u{1B}[24m\u{1B}[39m",
            "<span class=\"f2\">green </span><span class=\"f2 u\">under</span>"
        ),
        ("\u{1B}[38;5;9mbright\u{1B}[m \u{1B}[38;2;1;2;3mtrue\u{1B}[0m", "<span class=\"f9\">bright</span> true"),
        ("\u{1B}[31m<b>&\u{1B}[0m", "<span class=\"f1\">&lt;b&gt;&amp;</span>"),
        ("progress 10%\rprogress 100%", "progress 100%"),
        ("\u{1B}]0;title\u{07}text\u{1B}[2K", "text"),
        ("crlf\r", "crlf"),
    ])
    func ansiBecomesClassedSpans(input: String, expected: String) {
        var renderer = ANSIRenderer()
        #expect(renderer.render(Substring(input)).markup == expected)
    }

    @Test func ansiStyleCarriesToTheNextLine() {
        var renderer = ANSIRenderer()
        _ = renderer.render("\u{1B}[33mstart")
        #expect(renderer.render("still yellow").markup == "<span class=\"f3\">still yellow</span>")
    }

    @Test func logLinesAreSplitOnBytesAndKeepAnUnfinishedLineForLater() {
        let data = Data("one\r\ntwo\n\nthree".utf8)
        let partial = LogLines.split(data, includePartial: false)
        #expect(partial.lines == ["one\r", "two", ""])
        #expect(partial.consumed == 10)
        let whole = LogLines.split(data, includePartial: true)
        #expect(whole.lines.last == "three")
        #expect(whole.consumed == data.count)
    }

    @Test func aTailThatStartsMidLineDropsThePartialLineAndNumbersTheRest() {
        let slice = LogSlice(
            data: Data("ne 41\nline 42\nline 43\n".utf8),
            offset: 1000,
            linesBefore: 40,
            length: 1022,
            lastChunk: 9
        )
        var unaligned = slice
        unaligned.startsLine = false
        let html = LogView(key: "setup", title: "Setup", rawURL: "/raw", slice: unaligned, complete: true).render()
            .markup
        #expect(!html.contains("ne 41"))
        #expect(html.contains("<a class=\"n\" href=\"#setup-L42\">42</a><span class=\"t\">line 42</span>"))
        #expect(html.contains("id=\"setup-L43\""))
        #expect(html.contains("data-offset=\"1022\" data-line=\"44\""))
    }

    @Test func everyUserFieldOfAJobPageIsEscaped() {
        let payload = "<script>document.title='x'</script>"
        let job = Job(
            id: 7,
            owner: "alice",
            status: .running,
            manifest: "# \(payload)",
            note: payload,
            tags: [payload],
            visibility: .public,
            image: "debian/stable",
            arch: "x86_64",
            secretsEnabled: false,
            groupID: nil,
            tasks: [JobTask(name: payload, status: .running)],
            runner: payload,
            leaseExpiresAt: nil,
            cancelRequested: false,
            reason: payload,
            createdAt: Date(),
            updatedAt: Date()
        )
        let view = JobPageView(
            job: job,
            times: JobTimes(),
            logs: [],
            artifacts: [Artifact(name: payload, size: 1, createdAt: Date())],
            deliveries: [
                TriggerDelivery(
                    action: "webhook",
                    target: payload,
                    succeeded: false,
                    detail: payload,
                    attempts: 1,
                    at: Date()
                )
            ],
            viewer: nil,
            now: Date()
        )
        let html = view.render().markup
        #expect(!html.contains("<script"))
        #expect(html.components(separatedBy: "&lt;script&gt;").count > 8)
    }

    @Test func downloadsNameTheFileExactlyWithAnASCIIFallback() {
        #expect(
            APIEnvironment.attachment("résumé \"1\".pdf")
                == "attachment; filename=\"r_sum_ _1_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%221%22.pdf"
        )
    }

    @Test func badgesNameTheStatus() {
        let svg = StatusBadge(label: "hck", status: .failed).render().markup
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains(">failed</text>"))
        #expect(StatusBadge(label: "<x>", status: nil).render().markup.contains("&lt;x&gt;"))
    }
}
