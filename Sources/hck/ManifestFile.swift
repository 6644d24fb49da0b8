import Foundation
import Manifest

/// Reading one manifest file (or standard input) and checking it.
enum ManifestFile {
    /// Every diagnostic for `file`; a file that cannot be read gives one error at line 0, column 0.
    static func check(_ file: String) -> [Diagnostic] {
        let data: Data
        do {
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            }
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            return [unreadable(file, "cannot read the file: \(reason)")]
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return [unreadable(file, "cannot read the file: it is not UTF-8 text")]
        }
        do {
            return try Manifest.parse(text, file: file).warnings
        } catch {
            return error.diagnostics
        }
    }

    private static func unreadable(_ file: String, _ message: String) -> Diagnostic {
        Diagnostic(file: file, line: 0, column: 0, severity: .error, message: message)
    }
}
