import HckCore
import Store
import Wire

/// Turns terminal output into HTML line by line: SGR colours, bold, italic and underline become
/// `<span>`s with classes (`f1`…`f15` foreground, `g0`…`g15` background, `b`, `i`, `u`); every other
/// escape sequence is dropped, and all text is escaped. The style carries over from line to line, as
/// in a terminal.
///
/// It works on the log's UTF-8 bytes and writes bytes: a live page renders a log as fast as runners
/// store it (bench/log-ingest), which a renderer appending `Unicode.Scalar`s to `String`s could not.
public struct ANSIRenderer: Sendable, Hashable {
    struct Style: Hashable, Sendable {
        var foreground: Int?
        var background: Int?
        var bold = false
        var italic = false
        var underline = false

        var classes: String {
            var names: [String] = []
            if let foreground { names.append("f\(foreground)") }
            if let background { names.append("g\(background)") }
            if bold { names.append("b") }
            if italic { names.append("i") }
            if underline { names.append("u") }
            return names.joined(separator: " ")
        }
    }

    var style = Style()

    /// A renderer in the terminal's default style.
    public init() {}

    /// Renders one line (without its newline). A carriage return inside the line keeps only what was
    /// written after it, as a terminal's progress bar would show.
    /// - Parameter line: the line's text.
    public mutating func render(_ line: Substring) -> HTML {
        var output: [UInt8] = []
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBufferPointer { render(UnsafeBufferPointer($0), into: &output) }
        return HTML(trusted: String(decoding: output, as: UTF8.self))
    }

    /// Renders one line's bytes (valid UTF-8, without its newline), appending the HTML to `output`.
    /// - Parameters:
    ///   - line: the line.
    ///   - output: where the markup goes.
    mutating func render(_ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var end = line.count
        if end > 0, line[end - 1] == Byte.carriageReturn { end -= 1 }
        var index = end
        while index > 0 {
            index -= 1
            if line[index] == Byte.carriageReturn {
                index += 1
                break
            }
        }
        var run = Run(style: style)
        while index < end {
            let byte = line[index]
            if byte == Byte.escape {
                index = skipEscape(line, at: index, end: end)
                continue
            }
            if byte < 0x20 && byte != Byte.tab {
                index += 1
                continue
            }
            run.open(style, into: &output)
            if let entity = Byte.entity(byte) {
                output.append(contentsOf: entity)
                index += 1
                continue
            }
            // The plain bytes from here on go out as they are, in one copy.
            var plainEnd = index + 1
            while plainEnd < end, Byte.isPlain(line[plainEnd]) { plainEnd += 1 }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: line[index..<plainEnd]))
            index = plainEnd
        }
        run.close(into: &output)
    }

    /// Skips the escape sequence at `start` (an ESC), applying it when it is SGR; returns where the
    /// text goes on.
    private mutating func skipEscape(_ line: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Int {
        var index = start + 1
        guard index < end else { return end }
        switch line[index] {
        case UInt8(ascii: "["):
            index += 1
            let parameters = index
            while index < end {
                let byte = line[index]
                index += 1
                if (0x40...0x7E).contains(byte) {
                    if byte == UInt8(ascii: "m") {
                        apply(SGRParameters.parse(UnsafeBufferPointer(rebasing: line[parameters..<index - 1])))
                    }
                    break
                }
            }
        case UInt8(ascii: "]"):
            // Operating-system command (window titles, hyperlinks): ends with BEL or ESC \.
            index += 1
            while index < end {
                let byte = line[index]
                index += 1
                if byte == 0x07 { break }
                if byte == Byte.escape {
                    if index < end, line[index] == UInt8(ascii: "\\") { index += 1 }
                    break
                }
            }
        default:
            // The one character after ESC, all of its bytes.
            index += 1
            while index < end, line[index] & 0xC0 == 0x80 { index += 1 }
        }
        return index
    }

    /// Applies one SGR sequence's codes (`1;31` as `[1, 31]`, `38;5;208`, `0`…).
    mutating func apply(_ parameters: [Int]) {
        var codes = parameters[...]
        while let code = codes.popFirst() {
            switch code {
            case 0: style = Style()
            case 1: style.bold = true
            case 3: style.italic = true
            case 4: style.underline = true
            case 22: style.bold = false
            case 23: style.italic = false
            case 24: style.underline = false
            case 30...37: style.foreground = code - 30
            case 39: style.foreground = nil
            case 40...47: style.background = code - 40
            case 49: style.background = nil
            case 90...97: style.foreground = code - 90 + 8
            case 100...107: style.background = code - 100 + 8
            case 38, 48:
                // 256 colours (`5;n`) keep the 16 basic ones; true colour (`2;r;g;b`) has no class.
                let mode = codes.popFirst()
                let colour: Int?
                if mode == 5 {
                    colour = codes.popFirst().flatMap { (0..<16).contains($0) ? $0 : nil }
                } else {
                    codes = codes.dropFirst(3)
                    colour = nil
                }
                if code == 38 { style.foreground = colour } else { style.background = colour }
            default: break
            }
        }
    }

    /// The text written in one style: a `<span>` with the style's classes, opened at its first byte
    /// (a style with no text makes no span) and closed when the style changes or the line ends.
    private struct Run {
        var style: Style
        var open = false
        var spanned = false

        /// Makes `current` the run's style before text is written.
        mutating func open(_ current: Style, into output: inout [UInt8]) {
            if open && current == style { return }
            close(into: &output)
            style = current
            open = true
            let classes = current.classes
            spanned = !classes.isEmpty
            if spanned {
                output.append(contentsOf: "<span class=\"".utf8)
                output.append(contentsOf: classes.utf8)
                output.append(contentsOf: "\">".utf8)
            }
        }

        mutating func close(into output: inout [UInt8]) {
            if open && spanned { output.append(contentsOf: "</span>".utf8) }
            open = false
        }
    }
}

/// An SGR sequence's parameters, `;`-separated numbers, each 0 when it is not a number (as
/// `Int(text) ?? 0` reads it: an optional sign, then digits).
enum SGRParameters {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var codes: [Int] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ";") {
            codes.append(number(UnsafeBufferPointer(rebasing: bytes[start..<index])) ?? 0)
            start = index + 1
        }
        return codes
    }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var digits = bytes[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }
}

/// The bytes the renderer treats apart.
enum Byte {
    static let escape: UInt8 = 0x1B
    static let tab: UInt8 = 0x09
    static let carriageReturn: UInt8 = 0x0D
    static let newline: UInt8 = 0x0A

    /// The character reference that stands for `byte` in HTML, nil when it stands for itself.
    static func entity(_ byte: UInt8) -> String.UTF8View? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;".utf8
        case UInt8(ascii: "<"): "&lt;".utf8
        case UInt8(ascii: ">"): "&gt;".utf8
        case UInt8(ascii: "\""): "&quot;".utf8
        case UInt8(ascii: "'"): "&#39;".utf8
        default: nil
        }
    }

    /// Whether `byte` is text that goes out as it is: printable or tab or part of a multi-byte
    /// character, not ESC and nothing that HTML escapes.
    static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): false
        case tab: true
        default: byte >= 0x20
        }
    }
}
