import Yams

extension ManifestDecoder {
    /// `environment`: shell variable names → scalars or lists of scalars, in manifest order.
    mutating func environment(_ node: Node) -> [EnvironmentVariable] {
        if node.isNull { return [] }
        guard let mapping = mapping(node, "'environment'") else { return [] }
        var result: [EnvironmentVariable] = []
        for entry in entries(of: mapping, in: "'environment'") {
            guard EnvironmentVariable.isValidName(entry.key) else {
                error(
                    "environment variable name '\(entry.key.escapedForMessage)' is not a shell name: use letters, digits and '_', "
                        + "not starting with a digit",
                    at: entry.keyNode
                )
                continue
            }
            let value: EnvironmentValue?
            if case .sequence(let sequence) = entry.value {
                let items = sequence.map { environmentScalar($0, of: entry.key, inList: true) }
                value = items.contains(nil) ? nil : .list(items.compactMap { $0 })
            } else {
                value = environmentScalar(entry.value, of: entry.key, inList: false)
            }
            if let value {
                result.append(EnvironmentVariable(name: entry.key, value: value))
            }
        }
        return result
    }

    private mutating func environmentScalar(_ node: Node, of name: String, inList: Bool) -> EnvironmentValue? {
        guard case .scalar(let scalar) = node else {
            let place = inList ? "an item of list '\(name)'" : "environment variable '\(name)'"
            let allowed =
                inList ? "a string, number, boolean or null" : "a string, number, boolean, null or a list of those"
            error("\(place) must be \(allowed), not \(node.kindDescription)", at: node)
            return nil
        }
        let text = scalar.string
        switch node.tagName {
        case .null:
            return .null
        case .bool:
            return .bool(["true", "yes", "on"].contains(text.lowercased()))
        case .int:
            if let integer = YAMLNumber.integer(text) {
                if integer.radix != 10 {
                    warning(
                        "'\(text)' is read as the integer \(integer.value) (YAML 1.1 base \(integer.radix)); "
                            + "quote it to keep the text",
                        at: node
                    )
                }
                return .integer(integer.value)
            }
            warning("'\(text)' does not fit a 64-bit integer; it is kept as the string", at: node)
            return .string(text)
        case .float:
            return YAMLNumber.float(text).map(EnvironmentValue.float) ?? .string(text)
        default:
            if text.unicodeScalars.contains("\0") {
                error(
                    "environment variable '\(name)' contains a NUL character, which no shell variable can hold",
                    at: node
                )
                return nil
            }
            return .string(text)
        }
    }
}
