import ArgumentParser
import Foundation
import Manifest

/// `hck validate FILE...`: checks manifests the way the service will, without submitting them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check build manifests and print every problem with its position.",
        discussion: """
            Exits 0 when every file is valid (warnings are printed to standard error), 1 when any is \
            invalid. Diagnostics look like FILE:LINE:COL: error: message.
            """
    )

    @Argument(help: "Manifest files to check; '-' reads standard input.")
    var files: [String]

    @Flag(help: "Print the diagnostics as a JSON array of {file, line, column, severity, message}.")
    var json = false

    func run() throws {
        var diagnostics: [Diagnostic] = []
        var valid = true
        for file in files {
            let found = ManifestFile.check(file)
            diagnostics += found
            let fileIsValid = !found.contains { $0.severity == .error }
            valid = valid && fileIsValid
            if !json {
                for diagnostic in found {
                    printError(diagnostic.line > 0 ? diagnostic.description : "\(file): error: \(diagnostic.message)")
                }
                if fileIsValid {
                    print("\(file): valid")
                }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(diagnostics)
            print(String(decoding: data, as: UTF8.self))
        }
        if !valid {
            throw ExitCode(1)
        }
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

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
