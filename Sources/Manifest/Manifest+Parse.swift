extension Manifest {
    /// The largest manifest accepted, in bytes (sr.ht's cap).
    public static let maximumSize = 16 * 1024

    /// Reads and validates a manifest.
    ///
    /// Every problem is reported at once, each pointing at the offending node: YAML syntax errors,
    /// duplicate keys, wrong types, invalid task names, and so on. Unknown top-level fields are
    /// warnings, returned with the manifest. A manifest over 16 KiB is an error; one over 64 KiB is
    /// not read at all.
    /// - Parameters:
    ///   - text: the manifest's YAML.
    ///   - file: the name diagnostics use for it (`-` for standard input).
    /// - Returns: the manifest and its warnings.
    /// - Throws: `ManifestError` with every diagnostic (errors and warnings) when there is any error.
    public static func parse(_ text: String, file: String) throws(ManifestError) -> ParsedManifest {
        let size = text.utf8.count
        let sizeMessage = "manifest is \(size) bytes; the limit is \(maximumSize) bytes (16 KiB)"
        // Far past the cap, reading the YAML would only let a huge upload cost time: report the size alone.
        guard size <= 4 * maximumSize else {
            let diagnostic = Diagnostic(file: file, line: 1, column: 1, severity: .error, message: sizeMessage)
            throw ManifestError(diagnostics: [diagnostic])
        }
        let composition = YAMLComposition(text)
        var decoder = ManifestDecoder(file: file, text: ManifestText(text), renamedKeys: composition.renamedKeys)
        if size > maximumSize {
            decoder.report(.error, sizeMessage, at: .start)
        }
        var manifest: Manifest?
        if let syntaxError = composition.syntaxError {
            decoder.report(.error, syntaxError.message, at: syntaxError.position)
        } else if let root = composition.root {
            manifest = decoder.manifest(from: root)
        } else {
            decoder.report(.error, "manifest is empty; it needs at least 'image' and 'tasks'", at: .start)
        }
        let diagnostics = decoder.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        guard let manifest, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw ManifestError(diagnostics: diagnostics)
        }
        return ParsedManifest(manifest: manifest, warnings: diagnostics)
    }
}
