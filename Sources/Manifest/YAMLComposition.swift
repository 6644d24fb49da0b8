import Yams

/// The YAML node tree of a manifest, composed so that duplicate keys do not stop the reading.
///
/// Yams refuses a mapping with duplicate keys and names only the first occurrence. To report
/// every duplicate and still check the rest of the manifest, the first occurrence is renamed in a
/// working copy of the text (one Unicode scalar replaced by a private-use one, so no position
/// moves) and the text is composed again. `renamedKeys` maps each renamed key's position back to
/// its real name, and the decoder then finds the duplicates itself, with their positions.
struct YAMLComposition {
    /// The document's root, or `nil` when the text holds no document or could not be composed.
    var root: Node?
    /// Keys renamed in the working copy: position → the key as written.
    var renamedKeys: [TextPosition: String] = [:]
    /// The syntax error that stopped composition, if any.
    var syntaxError: (position: TextPosition, message: String)?

    /// How much text, in bytes, all composing passes together may read: each duplicate key costs a
    /// pass over the whole text, so a manifest full of them must not cost unbounded time.
    static let composeBudget = 1 << 20

    init(_ text: String) {
        let lines = ManifestText(text)
        if let masked = AliasKeyCheck.masked(lines) {
            let preview = YAMLComposition(composing: masked.text, lines: masked)
            if var syntaxError = preview.syntaxError {
                // The masked text has the real text's structure: its syntax errors are the real ones.
                syntaxError.message = String(
                    String.UnicodeScalarView(
                        syntaxError.message.unicodeScalars.map { $0 == AliasKeyCheck.sentinel ? "*" : $0 }
                    )
                )
                self.init(failure: syntaxError)
                return
            }
            if let key = preview.root.flatMap(AliasKeyCheck.aliasKey(in:)) {
                let position = key.mark.map(TextPosition.init) ?? .start
                self.init(failure: (position, "an alias (*name) cannot be used in a mapping key; write the key out"))
                return
            }
        }
        self.init(composing: text, lines: lines)
    }

    private init(failure: (position: TextPosition, message: String)) {
        syntaxError = failure
    }

    private init(composing text: String, lines: ManifestText) {
        var working = lines
        var workingText = text
        let rounds = min(256, max(8, Self.composeBudget / max(text.utf8.count, 1)))
        var lastDuplicate = TextPosition.start
        for round in 0..<rounds {
            do {
                root = try Yams.compose(yaml: workingText, .pyYAML)
                return
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                let position = TextPosition(context.mark)
                let key = duplicates.first ?? "?"
                guard let renamed = Self.rename(key: key, at: position, in: &working.lines, round: round) else {
                    syntaxError = (position, "duplicate key '\(key.escapedForMessage)' in a mapping")
                    return
                }
                renamedKeys[position] = renamed
                lastDuplicate = position
                workingText = working.text
            } catch let error as YamlError {
                syntaxError = Self.describe(error, in: text)
                return
            } catch {
                syntaxError = (.start, "cannot read the YAML: \(error)")
                return
            }
        }
        syntaxError = (
            lastDuplicate,
            "too many duplicate keys to list them all (more than \(rounds)); remove these and check again"
        )
    }

    /// Replaces the first scalar of the key at `position` with a private-use scalar unique to `round`.
    /// - Returns: the key's real name, or `nil` when the key is not a simple scalar that can be renamed.
    private static func rename(
        key: String,
        at position: TextPosition,
        in lines: inout [ManifestText.Line],
        round: Int
    ) -> String? {
        guard key != "<uncovertable>", lines.indices.contains(position.line - 1),
            let sentinel = Unicode.Scalar(0xE000 + round)
        else { return nil }
        var line = lines[position.line - 1].content
        var index = position.column - 1
        // The key's mark is at its anchor or tag, if it has one (`&a key:`, `!!str key:`): skip them.
        while line.indices.contains(index), line[index] == "&" || line[index] == "!" {
            while line.indices.contains(index), line[index] != " " { index += 1 }
            while line.indices.contains(index), line[index] == " " { index += 1 }
        }
        guard line.indices.contains(index) else { return nil }
        let first = line[index]
        if first == "'" || first == "\"" {
            index += 1
            guard line.indices.contains(index), line[index] != first, line[index] != "\\" else { return nil }
        } else if first != key.unicodeScalars.first {
            return nil
        }
        line[index] = sentinel
        lines[position.line - 1].content = line
        return key
    }
}
