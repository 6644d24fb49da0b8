import ArgumentParser
import CLI
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
