import Foundation
import HckCore
import Store
import Wire

/// One log on a job page: its last part as numbered, linkable lines (`#setup-L12`, `#t1-L40`), ANSI
/// colours rendered, and a link to the whole raw log.
struct LogView {
    /// The anchor prefix and live-update key: `setup`, or `t1`, `t2`… for tasks in order.
    var key: String
    /// The heading.
    var title: String
    /// Where the whole raw log is.
    var rawURL: String
    /// The log's last part.
    var slice: LogSlice
    /// Whether the log is finished, so an unterminated last line is shown (a live log keeps it until its newline).
    var complete: Bool

    func render() -> HTML {
        var data = slice.data[...]
        var number = slice.linesBefore + 1
        var offset = slice.offset
        if !slice.startsLine, let newline = data.firstIndex(of: 0x0A) {
            offset += newline + 1 - data.startIndex
            data = data[(newline + 1)...]
            number += 1
        }
        var renderer = ANSIRenderer()
        let (lines, consumed) = LogLines.split(Data(data), includePartial: complete)
        let html = LogLines.render(lines, key: key, firstNumber: number, renderer: &renderer)
        let truncated: HTML =
            slice.offset > 0
            ? "Showing the last \(Formatting.size(Int64(slice.length - offset))) of \(Formatting.size(Int64(slice.length))), from line \(number). "
            : ""
        return """
            <section class="log" id="\(key)">
            <h3>\(title)</h3>
            <p class="log-info">\(truncated)<a href="\(rawURL)">Raw log</a> (<span data-size="\(key)">\(Formatting.size(Int64(slice.length)))</span>)</p>
            <pre class="lines" data-log="\(key)" data-offset="\(offset + consumed)" data-line="\(number + lines.count)" data-served-lines="\(lines.count)">\(html)</pre>
            </section>
            """
    }
}

/// Splitting log bytes into lines and rendering them, shared by job pages and their live updates.
enum LogLines {
    /// The complete lines in `data` (and the unterminated last one when `includePartial`), with how
    /// many bytes they cover.
    static func split(_ data: Data, includePartial: Bool) -> (lines: [Substring], consumed: Int) {
        let end: Int
        if includePartial {
            end = data.count
        } else if let newline = data.lastIndex(of: 0x0A) {
            end = newline - data.startIndex + 1
        } else {
            end = 0
        }
        guard end > 0 else { return ([], 0) }
        var pieces = data.prefix(end).split(separator: 0x0A, omittingEmptySubsequences: false)
        if data[data.startIndex + end - 1] == 0x0A { pieces.removeLast() }
        let lines = pieces.map { Substring(String(decoding: $0, as: UTF8.self)) }
        return (lines, end)
    }

    /// Numbered lines, each `<div class="l" id="KEY-LN">`.
    static func render(_ lines: [Substring], key: String, firstNumber: Int, renderer: inout ANSIRenderer) -> HTML {
        var html = HTML(trusted: "")
        for (index, line) in lines.enumerated() {
            let anchor = "\(key)-L\(firstNumber + index)"
            html.append(
                "<div class=\"l\" id=\"\(anchor)\"><a class=\"n\" href=\"#\(anchor)\">\(firstNumber + index)</a><span class=\"t\">\(renderer.render(line))</span></div>"
            )
        }
        return html
    }
}
