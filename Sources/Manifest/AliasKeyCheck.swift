import Yams

/// Finds aliases used in mapping keys before Yams composes the real text.
///
/// Yams expands every alias into a full copy of its anchored node and hashes each mapping key to
/// find duplicates, so a key built from nested anchors (`? *big`, "billion laughs") costs time
/// exponential in their nesting. Values cost nothing until read, and the decoder reads only two
/// levels deep. So the text is first composed with every alias indicator masked (`*name` becomes a
/// plain scalar, same length, same structure, nothing expanded); a mapping key that contains such
/// a scalar is refused, and only then is the real text composed.
enum AliasKeyCheck {
    /// Replaces `*` of an alias; plane-15 private use, never one of the duplicate-key renames.
    static let sentinel: Unicode.Scalar = "\u{F0000}"

    /// The text with every token-starting `*` masked, or `nil` when there is none.
    static func masked(_ text: ManifestText) -> ManifestText? {
        var masked = text
        var changed = false
        for lineIndex in masked.lines.indices {
            let scalars = masked.lines[lineIndex].content
            for index in scalars.indices where scalars[index] == "*" {
                // An alias starts a token: at a line's start or after a space, a flow indicator or ':'.
                if index == 0 || " \t[{,:\u{FEFF}".unicodeScalars.contains(scalars[index - 1]) {
                    masked.lines[lineIndex].content[index] = sentinel
                    changed = true
                }
            }
        }
        return changed ? masked : nil
    }

    /// The first mapping key (at any depth) that contains a masked alias.
    static func aliasKey(in node: Node) -> Node? {
        switch node {
        case .scalar, .alias:
            return nil
        case .sequence(let sequence):
            return sequence.lazy.compactMap(aliasKey(in:)).first
        case .mapping(let mapping):
            for (key, value) in mapping {
                if containsAlias(key) { return key }
                if let found = aliasKey(in: key) ?? aliasKey(in: value) { return found }
            }
            return nil
        }
    }

    private static func containsAlias(_ node: Node) -> Bool {
        switch node {
        case .scalar(let scalar): scalar.string.unicodeScalars.first == sentinel
        case .alias: true
        case .sequence(let sequence): sequence.contains(where: containsAlias)
        case .mapping(let mapping): mapping.contains { containsAlias($0.key) || containsAlias($0.value) }
        }
    }
}
