import HckCore
import Store
import Wire

/// Turns terminal output into HTML line by line: SGR colours, bold, italic and underline become
/// `<span>`s with classes (`f1`…`f15` foreground, `g0`…`g15` background, `b`, `i`, `u`); every other
/// escape sequence is dropped, and all text is escaped. The style carries over from line to line, as
/// in a terminal.
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
        var text = line
        if text.last == "\r" { text = text.dropLast() }
        if let lastReturn = text.lastIndex(of: "\r") { text = text[text.index(after: lastReturn)...] }
        var output = ""
        var run = ""
        var runStyle = style
        func flush() {
            guard !run.isEmpty else { return }
            let classes = runStyle.classes
            output += classes.isEmpty ? run.htmlEscaped : "<span class=\"\(classes)\">\(run.htmlEscaped)</span>"
            run = ""
        }
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            guard scalar == "\u{1B}" else {
                if scalar.value < 0x20 && scalar != "\t" { continue }
                if style != runStyle {
                    flush()
                    runStyle = style
                }
                run.unicodeScalars.append(scalar)
                continue
            }
            switch scalars.first {
            case "[":
                scalars.removeFirst()
                var parameters = ""
                while let next = scalars.popFirst() {
                    if (0x40...0x7E).contains(next.value) {
                        if next == "m" { apply(parameters) }
                        break
                    }
                    parameters.unicodeScalars.append(next)
                }
            case "]":
                // Operating-system command (window titles, hyperlinks): ends with BEL or ESC \.
                while let next = scalars.popFirst(), next != "\u{07}" {
                    if next == "\u{1B}" {
                        if scalars.first == "\\" { scalars.removeFirst() }
                        break
                    }
                }
            case .some:
                scalars.removeFirst()
            case nil:
                break
            }
        }
        flush()
        return HTML(trusted: output)
    }

    /// Applies one SGR sequence's parameters (`1;31`, `38;5;208`, `0`…).
    mutating func apply(_ parameters: String) {
        var codes = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }[...]
        if codes.isEmpty { codes = [0] }
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
}
