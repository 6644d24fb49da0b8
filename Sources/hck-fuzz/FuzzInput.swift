import Foundation
import HckCore
import Manifest

/// What one fuzz input is put through, and what must hold for it. A violated expectation stops the
/// process (`fatalError`), which is how libFuzzer learns of a finding; a refusal with a message is
/// an answer, not a finding.
///
/// Each input is read two ways:
/// - as a build manifest: the parser answers with a manifest or with diagnostics, never traps;
///   each diagnostic points inside the text; a parsed manifest survives a JSON round trip (as the
///   server stores it) and renders every task's script;
/// - as the value of each number a request carries (ids, byte offsets, long-poll seconds, an event
///   id's position list): each is in its range or refused with a message naming the parameter.
enum FuzzInput {
    /// Puts `data` through every check.
    static func check(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        checkManifest(text)
        checkRequestNumbers(text)
    }

    static func checkManifest(_ text: String) {
        // Lines as YAML counts them: a CR alone, CRLF, NEL and the Unicode separators end one too
        // (Character.isNewline also takes VT and FF, which only loosens the bound).
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
        let diagnostics: [Diagnostic]
        do {
            let parsed = try Manifest.parse(text, file: "fuzz.yml")
            diagnostics = parsed.warnings
            let manifest = parsed.manifest
            let decoded: Manifest
            do {
                decoded = try JSONDecoder().decode(Manifest.self, from: try JSONEncoder().encode(manifest))
            } catch {
                fatalError("a parsed manifest does not survive JSON: \(error)")
            }
            expect(decoded == manifest, "a parsed manifest changes in a JSON round trip")
            for task in manifest.tasks { _ = TaskScript.render(task) }
        } catch {
            diagnostics = error.diagnostics
            expect(!diagnostics.isEmpty, "a refused manifest comes without a diagnostic")
        }
        for diagnostic in diagnostics {
            expect(diagnostic.line >= 1 && diagnostic.column >= 1, "a diagnostic before the text: \(diagnostic)")
            expect(diagnostic.line <= lines + 1, "a diagnostic past the text's \(lines) lines: \(diagnostic)")
            expect(!diagnostic.message.isEmpty, "a diagnostic says nothing: \(diagnostic)")
        }
    }

    static func checkRequestNumbers(_ text: String) {
        let id = RequestNumber(name: "id", place: .path)
        if let value = accepted({ () throws(RequestNumberError) in try id.integer(text, in: RequestNumber.ids) }) {
            expect(RequestNumber.ids.contains(value), "id \(value) accepted outside its range")
        }
        let offset = RequestNumber(name: "offset", place: .query)
        if let value = accepted({ () throws(RequestNumberError) in
            try offset.integer(text, in: RequestNumber.positions)
        }) {
            expect(RequestNumber.positions.contains(value), "offset \(value) accepted outside its range")
        }
        let wait = RequestNumber(name: "wait", place: .query)
        if let value = accepted({ () throws(RequestNumberError) in try wait.seconds(text, in: 0...300) }) {
            expect(value >= .zero && value <= .seconds(300), "wait \(value) outside 0...300 s")
        }
        let from = RequestNumber(name: "from", place: .query)
        if let entries = accepted({ () throws(RequestNumberError) in try from.positions(text, count: 8) }) {
            expect(entries.count <= 8, "\(entries.count) positions for 8 logs")
            for entry in entries {
                expect(RequestNumber.positions.contains(entry.offset), "position offset \(entry.offset)")
                expect(entry.line >= 1 && entry.line <= RequestNumber.positions.upperBound, "line \(entry.line)")
                // What the live page does next with a position: no sum may overflow.
                _ = entry.offset + Int(UInt32.max)
            }
        }
    }

    /// The value, or nil when it was refused with a message that names the parameter.
    static func accepted<Value>(_ read: () throws(RequestNumberError) -> Value) -> Value? {
        do {
            return try read()
        } catch {
            expect(error.message.contains("'"), "a refusal that names nothing: \(error.message)")
            return nil
        }
    }

    static func expect(_ condition: Bool, _ finding: @autoclosure () -> String) {
        if !condition { fatalError("fuzz finding: \(finding())") }
    }
}
