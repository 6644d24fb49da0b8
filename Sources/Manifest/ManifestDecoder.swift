import Yams

/// Reads a composed YAML tree into a `Manifest`, collecting every problem instead of stopping at the first.
struct ManifestDecoder {
    /// One key of a mapping with its value, the key already turned into text.
    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
    }

    let file: String
    let text: ManifestText
    let renamedKeys: [TextPosition: String]
    private(set) var diagnostics: [Diagnostic] = []
    /// Merge keys expanded so far; nested anchors could otherwise make merging exponential.
    private var mergesExpanded = 0
    static let maximumMerges = 10_000

    init(file: String, text: ManifestText, renamedKeys: [TextPosition: String]) {
        self.file = file
        self.text = text
        self.renamedKeys = renamedKeys
    }

    /// Records a problem at `position`.
    mutating func report(_ severity: Diagnostic.Severity, _ message: String, at position: TextPosition) {
        let place = text.clamped(position)
        let diagnostic = Diagnostic(
            file: file,
            line: place.line,
            column: place.column,
            severity: severity,
            message: message
        )
        if !diagnostics.contains(diagnostic) {
            diagnostics.append(diagnostic)
        }
    }

    /// Records an error at `node`.
    mutating func error(_ message: String, at node: Node) {
        report(.error, message, at: position(of: node))
    }

    /// Records a warning at `node`.
    mutating func warning(_ message: String, at node: Node) {
        report(.warning, message, at: position(of: node))
    }

    func position(of node: Node) -> TextPosition {
        node.mark.map(TextPosition.init) ?? .start
    }

    /// The entries of a mapping in order, each key as text; duplicate and non-scalar keys are reported and left out.
    ///
    /// Merge keys (`<<: *anchor`) bring in the anchored mapping's entries that the mapping does not set itself.
    /// Duplicates are reported at the later key, which is left out.
    mutating func entries(of mapping: Node.Mapping, in context: String) -> [Entry] {
        var result: [Entry] = []
        var merged: [Entry] = []
        var seen: [String: TextPosition] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                error("a key in \(context) must be a plain string, not \(keyNode.kindDescription)", at: keyNode)
                continue
            }
            let here = position(of: keyNode)
            if scalar.style == .plain || scalar.style == .any, keyNode.tagName == .merge {
                merged += mergeEntries(value, in: context)
                continue
            }
            let key = renamedKeys[here] ?? scalar.string
            if let first = seen[key] {
                error(
                    "duplicate key '\(key.escapedForMessage)' in \(context) (first at line \(first.line), column \(first.column))",
                    at: keyNode
                )
                continue
            }
            seen[key] = here
            result.append(Entry(key: key, keyNode: keyNode, value: value))
        }
        guard !merged.isEmpty else { return result }
        // As PyYAML (and so sr.ht) orders them: merged keys first, each taking the mapping's own value if it has one.
        let own = Dictionary(result.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var combined: [Entry] = []
        var placed: Set<String> = []
        for entry in merged + result where placed.insert(entry.key).inserted {
            combined.append(own[entry.key] ?? entry)
        }
        return combined
    }

    private mutating func mergeEntries(_ value: Node, in context: String) -> [Entry] {
        mergesExpanded += 1
        guard mergesExpanded <= Self.maximumMerges else {
            if mergesExpanded == Self.maximumMerges + 1 {
                error(
                    "merge keys ('<<') expand more than \(Self.maximumMerges) times; use fewer nested merges",
                    at: value
                )
            }
            return []
        }
        switch value {
        case .mapping(let mapping):
            return entries(of: mapping, in: context)
        case .sequence(let sequence):
            // The first mapping listed wins, as in PyYAML.
            var all: [Entry] = []
            var keys: Set<String> = []
            for case .mapping(let mapping) in sequence {
                all += entries(of: mapping, in: context).filter { keys.insert($0.key).inserted }
            }
            return all
        default:
            error("a merge key ('<<') in \(context) needs a mapping, not \(value.kindDescription)", at: value)
            return []
        }
    }
}
