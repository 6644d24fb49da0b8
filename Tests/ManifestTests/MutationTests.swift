import Manifest
import Testing

/// Thousands of damaged manifests: the parser never traps, and answers a manifest or positioned diagnostics.
@Suite struct MutationTests {
    static let seeds: [String] = [
        FullManifestFixture.text,
        "image: debian/stable\npackages:\n  - jq\nenvironment:\n  GREETING: hello from hck\ntasks:\n  - hello: |\n      echo \"$GREETING\" | jq -R .\n",
        "image: alpine/edge\nbase: &base\n  A: 1\nenvironment:\n  <<: *base\n  B: [x, y]\nsources: [a::https://x.org/b#c]\nshell: true\ntriggers:\n  - {action: webhook, condition: success, url: 'https://h.example/x'}\n",
    ]

    @Test(arguments: 0..<Self.seeds.count)
    func damagedManifestsGiveAManifestOrPositionedDiagnostics(seedIndex: Int) {
        var mutator = ManifestMutator(random: SplitMix64(seed: 0x6863_6B00 + UInt64(seedIndex)))
        var valid = 0
        var invalid = 0
        for _ in 0..<2000 {
            let text = mutator.mutate(Self.seeds[seedIndex])
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.unicodeScalars.count }
            let lineCount = text.hasSuffix("\n") && lines.count > 1 ? lines.count - 1 : lines.count
            let diagnostics: [Diagnostic]
            do {
                let parsed = try Manifest.parse(text, file: "m.yml")
                valid += 1
                diagnostics = parsed.warnings
                #expect(diagnostics.allSatisfy { $0.severity == .warning })
                _ = BuildEnv.render(parsed.manifest, variables: AutomaticVariables(jobID: 1, jobURL: "u"))
                _ = parsed.manifest.tasks.map(TaskScript.render)
            } catch {
                invalid += 1
                diagnostics = error.diagnostics
                #expect(diagnostics.contains { $0.severity == .error }, "\(text.debugDescription)")
            }
            for diagnostic in diagnostics {
                let inside =
                    (1...lineCount).contains(diagnostic.line)
                    && (1...(lines[diagnostic.line - 1] + 1)).contains(diagnostic.column)
                #expect(inside, "\(diagnostic) outside \(text.debugDescription)")
                #expect(!diagnostic.message.isEmpty)
            }
        }
        // Both outcomes must occur, or the mutations are too gentle or too brutal to test anything.
        #expect(valid > 50)
        #expect(invalid > 50)
    }
}
