import Yams

extension Node {
    /// What kind of value this is, for messages: "a string", "a list", …
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch tagName {
            case .null: return "null"
            case .bool: return "a boolean (\(scalar.string))"
            case .int: return "an integer (\(scalar.string))"
            case .float: return "a number (\(scalar.string))"
            default: return "a string"
            }
        }
    }

    /// The resolved tag's name (`tag:yaml.org,2002:int`…).
    var tagName: Tag.Name {
        Tag.Name(rawValue: tag.rawValue)
    }

    /// Whether this is null or a list without items.
    var isEmptyList: Bool {
        if case .sequence(let sequence) = self { return sequence.isEmpty }
        return isNull
    }

    /// Whether this is a scalar YAML reads as null (`null`, `~`, nothing).
    var isNull: Bool {
        if case .scalar = self { return tagName == .null }
        return false
    }
}

extension String {
    /// This text for a one-line message: line breaks, tabs and other control characters escaped.
    var escapedForMessage: String {
        var result = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.properties.generalCategory == .control:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
