import Foundation
import Manifest
import Testing

/// Thousands of damaged manifests: the parser never traps, and answers a manifest or positioned diagnostics.
@Suite struct MutationTests {
    static let seeds: [String] = [
        FullManifestFixture.text,
        "image: debian/stable\npackages:\n  - jq\nenvironment:\n  GREETING: hello from hck\ntasks:\n  - hello: |\n      echo \"$GREETING\" | jq -R .\n",
        "image: alpine/edge\nbase: &base\n  A: 1\nenvironment:\n  <<: *base\n  B: [x, y]\nsources: [a::https://x.org/b#c]\nshell: true\ntriggers:\n  - {action: webhook, condition: success, url: 'https://h.example/x'}\n",
    ]

    /// Mutations per seed manifest; `HCK_MUTATION_ROUNDS` raises it for a longer hunt.
    static let rounds = ProcessInfo.processInfo.environment["HCK_MUTATION_ROUNDS"].flatMap { Int($0) } ?? 2000
    /// The random seed; `HCK_MUTATION_SEED` picks another sequence (a failure prints the text to replay).
    static let seed = ProcessInfo.processInfo.environment["HCK_MUTATION_SEED"].flatMap { UInt64($0) } ?? 0x6863_6B00

    @Test(arguments: 0..<Self.seeds.count)
    func damagedManifestsGiveAManifestOrPositionedDiagnostics(seedIndex: Int) {
        var mutator = ManifestMutator(random: SplitMix64(seed: Self.seed &+ UInt64(seedIndex)))
        var valid = 0
        var invalid = 0
        for _ in 0..<Self.rounds {
            let text = mutator.mutate(Self.seeds[seedIndex])
            let lines = Self.lineLengths(text)
            let lineCount = lines.count
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

    /// Each line's length in Unicode scalars, lines ending at CR LF, CR, LF, NEL, LS or PS as libyaml
    /// counts them; a break at the very end starts no line.
    static func lineLengths(_ text: String) -> [Int] {
        var lengths = [0]
        var previous: Unicode.Scalar = "x"
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previous == "\r" {
                // The LF of a CR LF: the CR already ended the line.
            } else if ["\r", "\n", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) {
                lengths.append(0)
            } else {
                lengths[lengths.count - 1] += 1
            }
            previous = scalar
        }
        if lengths.count > 1, lengths.last == 0 {
            lengths.removeLast()
        }
        return lengths
    }
}
