import Foundation
import Yams

extension YAMLComposition {
    /// A position and a sentence for a Yams error.
    static func describe(_ error: YamlError, in text: String) -> (position: TextPosition, message: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            return (TextPosition(mark), message)
        case .reader(let problem, let offset, let value, _):
            let position = offset.map { ManifestText.position(ofCharacterOffset: $0, in: text) } ?? .start
            let code = value >= 0 ? String(format: " (U+%04X)", value) : ""
            return (position, "YAML cannot read the text: \(problem)\(code)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (
                TextPosition(context.mark),
                "duplicate key '\((duplicates.first ?? "?").escapedForMessage)' in a mapping"
            )
        default:
            return (.start, "cannot read the YAML: \(error)")
        }
    }
}
