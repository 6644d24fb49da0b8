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

/// The manifest's text split into lines, to keep positions inside it and to convert offsets.
struct ManifestText: Sendable {
    /// Each line's Unicode scalars, without its line break.
    let lines: [[Unicode.Scalar]]

    init(_ text: String) {
        var lines: [[Unicode.Scalar]] = [[]]
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                lines.append([])
            } else {
                lines[lines.count - 1].append(scalar)
            }
        }
        if lines.count > 1, lines[lines.count - 1].isEmpty {
            lines.removeLast()
        }
        self.lines = lines
    }

    /// `position` moved, if needed, onto the nearest place that exists in the text.
    ///
    /// libyaml reports the end of the stream one line past the last line; diagnostics should
    /// still point somewhere an editor can show.
    func clamped(_ position: TextPosition) -> TextPosition {
        if position.line > lines.count {
            return TextPosition(line: lines.count, column: lines[lines.count - 1].count + 1)
        }
        let line = max(position.line, 1)
        let length = lines[line - 1].count
        let column = min(max(position.column, 1), length + 1)
        return TextPosition(line: line, column: column)
    }

    /// The position of the `offset`-th `Character` of `text` (Yams reports reader errors that way).
    static func position(ofCharacterOffset offset: Int, in text: String) -> TextPosition {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return TextPosition(line: line, column: column)
    }
}
