import Yams

/// A 1-based line and column (columns count Unicode scalars, as libyaml does).
struct TextPosition: Hashable, Sendable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }

    /// The start of the text, for problems of the whole manifest.
    static let start = TextPosition(line: 1, column: 1)
}

/// The manifest's text split into lines as libyaml counts them, to keep positions inside it,
/// convert offsets, and edit it without moving anything.
struct ManifestText: Sendable {
    /// One line: its Unicode scalars and the line break that ends it (empty for the last line).
    struct Line: Sendable {
        var content: [Unicode.Scalar]
        var terminator: [Unicode.Scalar]
    }

    /// The lines; a line break at the very end does not start another line.
    var lines: [Line]

    init(_ text: String) {
        lines = Self.split(text.unicodeScalars)
        if lines.count > 1, lines[lines.count - 1].content.isEmpty {
            lines.removeLast()
        }
    }

    /// The text again, with any edits made to `lines`.
    var text: String {
        var scalars = String.UnicodeScalarView()
        for line in lines {
            scalars.append(contentsOf: line.content)
            scalars.append(contentsOf: line.terminator)
        }
        return String(scalars)
    }

    /// Splits at every line break libyaml counts: CR LF, CR, LF, NEL, LS and PS. Always at least one line.
    private static func split(_ scalars: String.UnicodeScalarView) -> [Line] {
        var lines = [Line(content: [], terminator: [])]
        var previousWasCR = false
        for scalar in scalars {
            if scalar == "\n", previousWasCR {
                lines[lines.count - 2].terminator.append(scalar)
            } else if ["\r", "\n", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) {
                lines[lines.count - 1].terminator = [scalar]
                lines.append(Line(content: [], terminator: []))
            } else {
                lines[lines.count - 1].content.append(scalar)
            }
            previousWasCR = scalar == "\r"
        }
        return lines
    }

    /// `position` moved, if needed, onto the nearest place that exists in the text.
    ///
    /// libyaml reports the end of the stream one line past the last line; diagnostics should
    /// still point somewhere an editor can show.
    func clamped(_ position: TextPosition) -> TextPosition {
        if position.line > lines.count {
            return TextPosition(line: lines.count, column: lines[lines.count - 1].content.count + 1)
        }
        let line = max(position.line, 1)
        let length = lines[line - 1].content.count
        let column = min(max(position.column, 1), length + 1)
        return TextPosition(line: line, column: column)
    }

    /// The position of the `offset`-th `Character` of `text` (Yams reports reader errors that way).
    static func position(ofCharacterOffset offset: Int, in text: String) -> TextPosition {
        let before = split(String(text.prefix(offset)).unicodeScalars)
        return TextPosition(line: before.count, column: before[before.count - 1].content.count + 1)
    }
}
