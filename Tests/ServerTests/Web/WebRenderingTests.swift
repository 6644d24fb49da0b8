import Client
import Foundation
import Manifest
import NIOCore
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
        ("a\u{1B}ébc", "abc"),
        ("\u{1B}[1;?;31mt", "<span class=\"f1\">t</span>"),
        ("\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\", "link"),
        ("tab\there\u{7}\u{0}", "tab\there"),
        ("\u{1B}[31m\u{1B}[0mplain \u{1B}[", "plain "),
        ("\u{1B}[4m\u{1B}[44mé✓\u{1B}[24m", "<span class=\"g4 u\">é✓</span>"),
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
        var renderer = ANSIRenderer()
        let partial = LogLines.render(data, includePartial: false, key: "t1", firstNumber: 7, renderer: &renderer)
        #expect(partial.count == 3)
        #expect(partial.consumed == 10)
        #expect(
            partial.markup.markup
                == "<div class=\"l\" id=\"t1-L7\"><a class=\"n\" href=\"#t1-L7\">7</a><span class=\"t\">one</span></div>"
                + "<div class=\"l\" id=\"t1-L8\"><a class=\"n\" href=\"#t1-L8\">8</a><span class=\"t\">two</span></div>"
                + "<div class=\"l\" id=\"t1-L9\"><a class=\"n\" href=\"#t1-L9\">9</a><span class=\"t\"></span></div>"
        )
        let whole = LogLines.render(data, includePartial: true, key: "t1", firstNumber: 7, renderer: &renderer)
        #expect(whole.count == 4 && whole.markup.markup.hasSuffix(">three</span></div>"))
        #expect(whole.consumed == data.count)
    }

    @Test func bytesThatAreNotUTF8BecomeReplacementCharactersAndTheMarkupStaysValid() {
        // A Latin-1 é, a lone continuation byte, a cut-off 3-byte sequence, then good UTF-8.
        let data = Data([0x63, 0x61, 0x66, 0xE9, 0x0A, 0x80, 0x3C, 0x0A, 0xE2, 0x82, 0x0A] + Array("ça ✓\n".utf8))
        var renderer = ANSIRenderer()
        let lines = LogLines.render(data, includePartial: false, key: "setup", firstNumber: 1, renderer: &renderer)
        #expect(lines.count == 4)
        #expect(String(validating: lines.html, as: UTF8.self) != nil)
        let texts = lines.markup.markup.matches(of: /<span class="t">(.*?)<\/span>/).map { String($0.1) }
        #expect(texts == ["caf\u{FFFD}", "\u{FFFD}&lt;", "\u{FFFD}", "ça ✓"])
    }

    @Test func jsonTextEscapesEveryByteThatNeedsItWhereverItFallsInAWord() throws {
        for special in Array(0..<0x20) + [0x22, 0x5C, 0x21, 0x5B, 0x7F] as [UInt8] {
            for position in 0..<20 {
                var bytes = Array("abcdefghijklmnopqrs".utf8)
                bytes.insert(special, at: position)
                var buffer = ByteBuffer()
                JSONText.writeString(bytes + Array("é✓".utf8), to: &buffer)
                let decoded = try JSONSerialization.jsonObject(
                    with: Data(buffer.readableBytesView),
                    options: .fragmentsAllowed
                )
                #expect(
                    decoded as? String == String(decoding: bytes + Array("é✓".utf8), as: UTF8.self),
                    "\(special) at \(position)"
                )
            }
        }
    }

    @Test func aLinesEventIsJSONThatDecodesToItsFields() throws {
        let html = Array("<span class=\"t\">a \\ b\t\u{1}\"é\"</span>".utf8)
        let update = LinesUpdate(log: "t2", html: html, offset: 1234, line: 56, size: "1.2 KiB")
        let field = String(buffer: update.dataField)
        #expect(field.hasPrefix("data: {") && field.hasSuffix("}\n\n") && !field.dropLast(2).contains("\n"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(field.dropFirst("data: ".count).utf8)) as? [String: Any]
        )
        #expect(object["log"] as? String == "t2")
        #expect(object["html"] as? String == String(decoding: html, as: UTF8.self))
        #expect(object["offset"] as? Int == 1234 && object["line"] as? Int == 56)
        #expect(object["size"] as? String == "1.2 KiB")
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
