import Yams

extension Manifest {
    /// Why a manifest's text could not be rewritten for a push.
    public struct PinningError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What went wrong, naming the file.
        public var description: String
    }

    /// The text of a manifest with a push applied, as git.sr.ht applies one: each git source that
    /// `isPushed` picks is pinned to `commit` (`url#commit`, replacing any ref it had) and each of
    /// `environment` is set in `environment`, replacing a variable of the same name.
    ///
    /// The rest of the text is kept as YAML reads it (comments and quoting may change). The result is
    /// read back and must give the same manifest with only those changes, so a rewrite can never
    /// change what a build does in any other way.
    /// - Parameters:
    ///   - text: the manifest as committed.
    ///   - file: the name its diagnostics use.
    ///   - isPushed: whether a source names the pushed repository.
    ///   - commit: the pushed commit's id.
    ///   - fetchURL: where the commit is cloned from instead of the source's own URL, if elsewhere
    ///     (a pull request's fork); the source keeps its directory.
    ///   - environment: the variables the push sets, in the order they are added.
    /// - Returns: the rewritten text and the manifest it holds.
    /// - Throws: `ManifestError` when the text is not a valid manifest; `PinningError` when it cannot
    ///   be rewritten faithfully.
    public static func pinning(
        _ text: String,
        file: String,
        sources isPushed: (Source) -> Bool,
        to commit: String,
        from fetchURL: String? = nil,
        environment: [(name: String, value: String)]
    ) throws -> (text: String, manifest: Manifest) {
        var expected = try parse(text, file: file, sizeLimit: .max).manifest
        guard case .mapping(var root)? = try Yams.compose(yaml: text, .pyYAML) else {
            throw PinningError(description: "\(file): the manifest is not a mapping")
        }
        for (index, source) in expected.sources.enumerated() where source.kind == .git && isPushed(source) {
            expected.sources[index].ref = commit
            if let fetchURL { expected.sources[index].url = fetchURL }
        }
        if case .sequence(var sources)? = root["sources"] {
            for (index, source) in zip(sources.indices, expected.sources) {
                sources[index] = Node(source.text, Tag(.str), .singleQuoted)
            }
            root["sources"] = .sequence(sources)
        }
        var variables: Node.Mapping
        if case .mapping(let existing)? = root["environment"] { variables = existing } else { variables = [:] }
        for (name, value) in environment {
            variables[name] = Node(value, Tag(.str), .singleQuoted)
            let variable = EnvironmentVariable(name: name, value: .string(value))
            if let at = expected.environment.firstIndex(where: { $0.name == name }) {
                expected.environment[at] = variable
            } else {
                expected.environment.append(variable)
            }
        }
        if !environment.isEmpty { root["environment"] = .mapping(variables) }
        let rewritten = try Yams.serialize(node: .mapping(root), width: -1)
        let reread = try parse(rewritten, file: file, sizeLimit: .max).manifest
        guard reread == expected else {
            throw PinningError(
                description: "\(file): the manifest could not be rewritten without changing it otherwise"
            )
        }
        return (rewritten, reread)
    }
}
