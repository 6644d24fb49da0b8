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
        let (offset, number, data) = slice.fromFirstWholeLine
        var renderer = ANSIRenderer()
        let lines = LogLines.render(
            Data(data),
            includePartial: complete,
            key: key,
            firstNumber: number,
            renderer: &renderer
        )
        let truncated: HTML =
            slice.offset > 0
            ? "Showing the last \(Formatting.size(Int64(slice.length - offset))) of \(Formatting.size(Int64(slice.length))), from line \(number). "
            : ""
        return """
            <section class="log" id="\(key)">
            <h3>\(title)</h3>
            <p class="log-info">\(truncated)<a href="\(rawURL)">Raw log</a> (<span data-size="\(key)">\(Formatting.size(Int64(slice.length)))</span>)</p>
            <pre class="lines" data-log="\(key)" data-offset="\(offset + lines.consumed)" data-line="\(number + lines.count)" data-served-lines="\(lines.count)">\(lines.markup)</pre>
            </section>
            """
    }
}

extension LogView {
    /// A log's key on the page and in live updates: `setup` for log 0, then `t1`, `t2`… for the tasks.
    static func key(log index: Int) -> String {
        index == 0 ? "setup" : "t\(index)"
    }

    /// Where a log's raw bytes are served: the setup log's when `task` is nil.
    static func rawURL(job: Int64, task: String?) -> String {
        guard let task else { return "/jobs/\(job)/log" }
        return "/jobs/\(job)/tasks/\(task.urlComponentEncoded)/log"
    }

    /// The line a live page shows where it skipped part of a log to keep up: how much, which
    /// lines, and the raw log that has them.
    static func skipped(bytes: Int, lines: Range<Int>, rawURL: String) -> HTML {
        let which = lines.count == 1 ? "line \(lines.lowerBound)" : "lines \(lines.lowerBound)–\(lines.upperBound - 1)"
        return """
            <div class="l skip"><span class="n"></span><span class="t">… \(Formatting.size(Int64(bytes))) (\(which)) \
            not shown live, to keep up with the log: <a href="\(rawURL)">raw log</a></span></div>
            """
    }
}

/// Splitting log bytes into lines and rendering them, shared by job pages and their live updates.
///
/// It works on bytes: a line is what ends at a newline byte, and a line that is not valid UTF-8 has
/// its bad bytes replaced by U+FFFD before it is rendered, so the markup is always valid UTF-8.
enum LogLines {
    /// Lines rendered: their markup, how many there are and how many bytes of the log they cover.
    struct Rendered {
        var html: [UInt8] = []
        var count = 0
        var consumed = 0

        /// The markup as ``HTML``.
        var markup: HTML { HTML(trusted: String(decoding: html, as: UTF8.self)) }
    }

    /// Renders the complete lines in `data` (and the unterminated last one when `includePartial`),
    /// numbered from `firstNumber`, each `<div class="l" id="KEY-LN">`.
    static func render(
        _ data: some ContiguousBytes,
        includePartial: Bool,
        key: String,
        firstNumber: Int,
        renderer: inout ANSIRenderer
    ) -> Rendered {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var rendered = Rendered()
            rendered.html.reserveCapacity(bytes.count + bytes.count / 2)
            let ascii = isASCII(bytes)
            var start = 0
            while start < bytes.count {
                let end: Int
                if let newline = memchr(bytes.baseAddress! + start, Int32(Byte.newline), bytes.count - start) {
                    end = bytes.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                } else if includePartial {
                    end = bytes.count
                } else {
                    break
                }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                appendLine(
                    line,
                    ascii: ascii,
                    key: key,
                    number: firstNumber + rendered.count,
                    into: &rendered.html,
                    renderer: &renderer
                )
                rendered.count += 1
                start = min(end + 1, bytes.count)
                rendered.consumed = start
            }
            return rendered
        }
    }

    private static func appendLine(
        _ line: UnsafeBufferPointer<UInt8>,
        ascii: Bool,
        key: String,
        number: Int,
        into html: inout [UInt8],
        renderer: inout ANSIRenderer
    ) {
        html.append(contentsOf: "<div class=\"l\" id=\"".utf8)
        appendAnchor(key: key, number: number, to: &html)
        html.append(contentsOf: "\"><a class=\"n\" href=\"#".utf8)
        appendAnchor(key: key, number: number, to: &html)
        html.append(contentsOf: "\">".utf8)
        html.append(contentsOf: String(number).utf8)
        html.append(contentsOf: "</a><span class=\"t\">".utf8)
        if ascii || isASCII(line) || String(validating: line, as: UTF8.self) != nil {
            renderer.render(line, into: &html)
        } else {
            var repaired = Array(String(decoding: line, as: UTF8.self).utf8)
            repaired.withUnsafeMutableBufferPointer { renderer.render(UnsafeBufferPointer($0), into: &html) }
        }
        html.append(contentsOf: "</span></div>".utf8)
    }

    private static func appendAnchor(key: String, number: Int, to html: inout [UInt8]) {
        html.append(contentsOf: key.utf8)
        html.append(contentsOf: "-L".utf8)
        html.append(contentsOf: String(number).utf8)
    }

    /// The first whole lines of `data` that fit in `limit` bytes (or the first line, however long),
    /// or all of it when it fits: what a live page sends in one frame.
    static func wholeLines(of data: Data, upTo limit: Int) -> Data {
        guard data.count > limit else { return data }
        let cut = data.startIndex + limit
        if let newline = data[..<cut].lastIndex(of: Byte.newline) ?? data[cut...].firstIndex(of: Byte.newline) {
            return data[...newline]
        }
        return data
    }

    /// Whether every byte is ASCII, eight at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index + 8 <= raw.count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < raw.count {
            if raw[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }
}
