/// A job's tags as builds.sr.ht's API shows them: one string, the tags joined by `/`
/// (`"hck/main"`), or null when there are none. Tags cannot hold a `/` (``FieldRules`` in the
/// server allows `[A-Za-z0-9_.-]`), so the joined form loses nothing. Reading also takes a JSON
/// array of strings, the shape hck answered before.
@propertyWrapper
public struct SlashJoinedTags: Codable, Sendable, Hashable {
    /// The tags.
    public var wrappedValue: [String]

    /// Wraps these tags.
    public init(wrappedValue: [String]) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            wrappedValue = []
        } else if let joined = try? container.decode(String.self) {
            wrappedValue = joined.split(separator: "/").map(String.init)
        } else {
            wrappedValue = try container.decode([String].self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if wrappedValue.isEmpty {
            try container.encodeNil()
        } else {
            try container.encode(wrappedValue.joined(separator: "/"))
        }
    }
}
