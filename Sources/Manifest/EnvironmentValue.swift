/// The value of one `environment` entry, typed as YAML typed it.
public enum EnvironmentValue: Sendable, Hashable, Codable {
    /// A string, written to `~/.buildenv` shell-quoted.
    case string(String)
    /// `true`/`false` (YAML 1.1 also reads `yes`/`no`/`on`/`off`).
    case bool(Bool)
    /// An integer, written as digits (`20240101`, never `2.0240101e+07`).
    case integer(Int)
    /// A floating-point number, written with `%g`.
    case float(Double)
    /// `null`, `~` or nothing, written as the empty string.
    case null
    /// A list of scalars, written as a bash array; never contains another list.
    case list([EnvironmentValue])
}

/// One `environment` entry: a shell variable name and its value.
public struct EnvironmentVariable: Sendable, Hashable, Codable {
    /// The variable's name: `^[A-Za-z_][A-Za-z0-9_]*$`.
    public var name: String
    /// Its value.
    public var value: EnvironmentValue

    /// Creates an entry.
    /// - Parameters:
    ///   - name: the variable's name.
    ///   - value: its value.
    public init(name: String, value: EnvironmentValue) {
        self.name = name
        self.value = value
    }

    /// Whether `name` can be a shell variable's name.
    /// - Parameter name: a candidate name.
    /// - Returns: `true` for `^[A-Za-z_][A-Za-z0-9_]*$`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_"
        }
    }
}
