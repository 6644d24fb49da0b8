import Foundation
public import Manifest

/// Reading one manifest file (or standard input) and checking it.
package enum ManifestFile {
    /// Every diagnostic for `file`; a file that cannot be read gives one error at line 0, column 0.
    package static func check(_ file: String) -> [Diagnostic] {
        switch read(file) {
        case .success(let text): check(text, file: file)
        case .failure(let unreadable): [unreadable.diagnostic]
        }
    }

    /// Every diagnostic for the text of `file`.
    package static func check(_ text: String, file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic]
        do {
            diagnostics = try Manifest.parse(text, file: file).warnings
        } catch {
            diagnostics = error.diagnostics
        }
        if text.utf8.count > Manifest.sourceHutSizeLimit {
            let warning = Diagnostic(
                file: file,
                line: 1,
                column: 1,
                severity: .warning,
                message: "manifest is \(text.utf8.count) bytes: builds.sr.ht refuses manifests over "
                    + "\(Manifest.sourceHutSizeLimit / 1024) KiB (hck takes up to its server's --manifest-size-limit)"
            )
            diagnostics.insert(warning, at: 0)
        }
        return diagnostics
    }

    /// Why a file could not be read, as one error at line 0, column 0.
    package struct Unreadable: Error {
        /// The error.
        package var diagnostic: Diagnostic
    }

    /// The text of `file` (standard input for `-`), or why it cannot be read.
    package static func read(_ file: String) -> Result<String, Unreadable> {
        let data: Data
        var isDirectory: ObjCBool = false
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else if !FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) {
            return .failure(unreadable(file, "cannot read the file: it does not exist"))
        } else if isDirectory.boolValue {
            return .failure(unreadable(file, "cannot read the file: it is a directory"))
        } else if let contents = FileManager.default.contents(atPath: file) {
            data = contents
        } else {
            return .failure(unreadable(file, "cannot read the file: permission denied or an I/O error"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(unreadable(file, "cannot read the file: it is not UTF-8 text"))
        }
        return .success(text)
    }

    private static func unreadable(_ file: String, _ message: String) -> Unreadable {
        Unreadable(diagnostic: Diagnostic(file: file, line: 0, column: 0, severity: .error, message: message))
    }
}
