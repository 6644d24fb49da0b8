/// One problem found in a manifest, with the position of the node it concerns.
///
/// Rendered as `FILE:LINE:COL: error: message`, the form compilers use, so editors can jump to it.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The manifest is invalid.
        case error
        /// The manifest is valid but something in it is probably not what its author meant.
        case warning
    }

    /// The file the manifest was read from (`-` for standard input).
    public var file: String
    /// 1-based line of the offending node.
    public var line: Int
    /// 1-based column of the offending node.
    public var column: Int
    /// Whether this makes the manifest invalid.
    public var severity: Severity
    /// What is wrong and, where it helps, what to write instead.
    public var message: String

    /// Creates a diagnostic.
    /// - Parameters:
    ///   - file: the file the manifest was read from.
    ///   - line: 1-based line.
    ///   - column: 1-based column.
    ///   - severity: error or warning.
    ///   - message: the explanation.
    public init(file: String, line: Int, column: Int, severity: Severity, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }
}

extension Diagnostic: CustomStringConvertible {
    /// `FILE:LINE:COL: severity: message`.
    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message)"
    }
}
