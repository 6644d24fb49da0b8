import ArgumentParser
import Foundation

/// A token or secret a command reads from a file (never from its command line, where `ps` and shell
/// histories would show it): the file's text without surrounding whitespace.
public enum SecretFile {
    /// The trimmed text of `path`.
    /// - Parameters:
    ///   - path: the file.
    ///   - option: the option that named it, for the error (e.g. `--secret-file`).
    /// - Throws: a `ValidationError` naming the option and the file when it cannot be read or is empty.
    public static func read(_ path: String, option: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "there is no such file"
            throw ValidationError("\(option): cannot read \(path): \(reason)")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError("\(option): \(path) is empty") }
        return text
    }
}
