import Yams

extension ManifestDecoder {
    /// The text of a scalar meant as a string; reports and returns `nil` for lists, mappings, null and booleans.
    ///
    /// Integers, numbers and dates are taken as written (`7zip`, `3.12`), since YAML's typing of
    /// them is rarely what the author meant for a name.
    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error("\(what) must be a string, not \(node.kindDescription)", at: node)
            return nil
        }
        switch node.tagName {
        case .null:
            error("\(what) must be a string, not null", at: node)
            return nil
        case .bool:
            error("\(what) must be a string, not a boolean; quote it ('\(scalar.string)') to mean the text", at: node)
            return nil
        default:
            return scalar.string
        }
    }

    /// A list of strings; null reads as an empty list.
    mutating func stringList(_ node: Node, _ what: String) -> [(text: String, node: Node)] {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node else {
            error("'\(what)' must be a list of strings, not \(node.kindDescription)", at: node)
            return []
        }
        var items: [(text: String, node: Node)] = []
        for item in sequence {
            if let text = string(item, "each item of '\(what)'") {
                items.append((text, item))
            }
        }
        return items
    }

    /// A boolean (`true`/`false`, or YAML 1.1's `yes`/`no`/`on`/`off`).
    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        guard case .scalar(let scalar) = node, node.tagName == .bool else {
            error("\(what) must be true or false, not \(node.kindDescription)", at: node)
            return nil
        }
        return ["true", "yes", "on"].contains(scalar.string.lowercased())
    }

    /// A mapping; reports and returns `nil` otherwise.
    mutating func mapping(_ node: Node, _ what: String) -> Node.Mapping? {
        guard case .mapping(let mapping) = node else {
            error("\(what) must be a mapping, not \(node.kindDescription)", at: node)
            return nil
        }
        return mapping
    }
}
