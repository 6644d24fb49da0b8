/// One task of a manifest: a name and the bash script run under it.
public struct BuildTask: Sendable, Hashable, Codable {
    /// The longest task name allowed.
    public static let maximumNameLength = 128

    /// The task's name: `^[a-z0-9_-]+$`, at most 128 characters, unique in its manifest.
    public var name: String
    /// The script, as the manifest wrote it (without the preamble `TaskScript` adds).
    public var script: String

    /// Creates a task.
    /// - Parameters:
    ///   - name: the task's name.
    ///   - script: its script.
    public init(name: String, script: String) {
        self.name = name
        self.script = script
    }

    /// Why `name` is not a valid task name, or `nil` when it is.
    /// - Parameter name: a candidate task name.
    /// - Returns: a sentence for a diagnostic, or `nil`.
    public static func problem(withName name: String) -> String? {
        if name.isEmpty {
            return "task name is empty"
        }
        if name.count > maximumNameLength {
            return "task name is \(name.count) characters long; the limit is \(maximumNameLength)"
        }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }
        if !allowed {
            return "task name '\(name.escapedForMessage)' is invalid: use only lowercase letters, digits, '_' and '-'"
        }
        return nil
    }
}
