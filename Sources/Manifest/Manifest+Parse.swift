extension Manifest {
    /// The largest manifest accepted unless a server says otherwise (`--manifest-size-limit`).
    public static let defaultSizeLimit = 256 * 1024
    /// builds.sr.ht's cap: `hck validate` warns above it, since builds.sr.ht would refuse the manifest.
    public static let sourceHutSizeLimit = 16 * 1024

    /// Reads and validates a manifest.
    ///
    /// Every problem is reported at once, each pointing at the offending node: YAML syntax errors,
    /// duplicate keys, wrong types, invalid task names, and so on. Unknown top-level fields are
    /// warnings, returned with the manifest. A manifest over `sizeLimit` bytes is an error; one over
    /// four times that is not read at all. A leading byte order mark is skipped, as YAML allows.
    /// - Parameters:
    ///   - text: the manifest's YAML.
    ///   - file: the name diagnostics use for it (`-` for standard input).
    ///   - sizeLimit: the largest manifest accepted, in bytes (`Int.max` for one accepted before).
    /// - Returns: the manifest and its warnings.
    /// - Throws: `ManifestError` with every diagnostic (errors and warnings) when there is any error.
    public static func parse(
        _ text: String,
        file: String,
        sizeLimit: Int = defaultSizeLimit
    ) throws(ManifestError) -> ParsedManifest {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        let size = text.utf8.count
        let sizeMessage = "manifest is \(size) bytes; this server's limit is \(sizeLimit) bytes"
        // Far past the cap, reading the YAML would only let a huge upload cost time: report the size alone.
        guard size / 4 <= sizeLimit else {
            let diagnostic = Diagnostic(file: file, line: 1, column: 1, severity: .error, message: sizeMessage)
            throw ManifestError(diagnostics: [diagnostic])
        }
        let composition = YAMLComposition(text)
        var decoder = ManifestDecoder(file: file, text: ManifestText(text), renamedKeys: composition.renamedKeys)
        if size > sizeLimit {
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
