/// Random edits of a manifest's lines: the kinds of damage hand-edited YAML suffers, and worse.
struct ManifestMutator {
    var random: SplitMix64

    /// Fragments that stress YAML and the decoder: indicators, anchors, tags, odd numbers, odd characters.
    static let fragments = [
        ":", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: *a", "? ", "!!binary ", "!!int ", "!!float ", "!!null ",
        "!custom ", "|", ">-", "'", "\"", "#", "\t", "\r", "\u{85}", "\u{2028}", "\u{FEFF}", "\u{0}", "\u{7}",
        "é", "🚀", "\\", "%YAML 1.1\n", "---\n", "...\n", "99999999999999999999999", "0x7FFFFFFFFFFFFFFFFF",
        "1:2:3:4:5:6:7:8:9:10:11:12:13:14", "-0o777", ".inf", ".NaN", "1e400", "~", "null", "yes", "0755",
        "image: ", "tasks:\n  - x: y\n", "environment:\n  L: [&a a, *a]\n", "\n  ", "  ", ", ",
    ]

    /// Scalars to put in place of a word.
    static let scalars = [
        "", "0", "-1", "20240101", "1.5", "true", "no", "null", "~", "[]", "{}", "*a", "&a x", "'q'", "\"d\\n\"",
        "99999999999999999999", String(repeating: "z", count: 200), "a b", "$HOME", "ü",
    ]

    mutating func mutate(_ text: String) -> String {
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            apply(to: &lines)
        }
        return lines.joined(separator: "\n")
    }

    private mutating func apply(to lines: inout [String]) {
        guard !lines.isEmpty else {
            lines = [Self.fragments.randomElement(using: &random)!]
            return
        }
        let index = Int.random(in: lines.indices, using: &random)
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            lines.remove(at: index)
        case 1:
            lines.insert(lines[index], at: index)
        case 2:
            lines.swapAt(index, Int.random(in: lines.indices, using: &random))
        case 3:
            lines[index] =
                String(repeating: " ", count: Int.random(in: 0...6, using: &random))
                + lines[index].drop { $0 == " " }
        case 4, 5:
            var scalars = Array(lines[index].unicodeScalars)
            let at = Int.random(in: 0...scalars.count, using: &random)
            scalars.insert(contentsOf: Self.fragments.randomElement(using: &random)!.unicodeScalars, at: at)
            lines[index] = String(String.UnicodeScalarView(scalars))
        case 6:
            lines[index] = replacingLastWord(of: lines[index])
        default:
            let other = Int.random(in: lines.indices, using: &random)
            lines[index] += lines[other]
        }
    }

    private mutating func replacingLastWord(of line: String) -> String {
        guard let space = line.lastIndex(where: { $0 == " " || $0 == ":" }) else {
            return Self.scalars.randomElement(using: &random)!
        }
        return line[...space] + " " + Self.scalars.randomElement(using: &random)!
    }
}
