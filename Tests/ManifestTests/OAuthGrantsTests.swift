import Testing

@testable import Manifest

/// The `oauth` grant string, read as builds.sr.ht writes it.
@Suite struct OAuthGrantsTests {
    @Test(arguments: [
        ("builds.sr.ht/JOBS:RO", [OAuthGrants.Scope.jobs: OAuthGrants.Access.readOnly]),
        ("builds.sr.ht/JOBS", [.jobs: .readOnly]),
        ("hck/JOBS:RW  builds.sr.ht/LOGS:RO", [.jobs: .readWrite, .logs: .readOnly]),
        ("builds.sr.ht/JOBS:RW builds.sr.ht/JOBS:RO", [.jobs: .readWrite]),
        ("meta.sr.ht/PROFILE:RO", [:]),
        ("builds.sr.ht/SECRETS:RW", [:]),
        ("", [:]),
    ])
    func grantsAreRead(text: String, expected: [OAuthGrants.Scope: OAuthGrants.Access]) {
        let (grants, problems) = OAuthGrants.parse(text)
        #expect(grants.access == expected)
        #expect(!problems.contains { $0.severity == .error }, "\(problems)")
    }

    @Test func rwIncludesRoAndNothingElse() {
        let grants = OAuthGrants.parse("builds.sr.ht/JOBS:RW").grants
        #expect(grants.allows(.jobs, .readOnly) && grants.allows(.jobs, .readWrite))
        #expect(!grants.allows(.logs, .readOnly) && !grants.allows(.secrets, .readOnly))
        let readOnly = OAuthGrants.parse("builds.sr.ht/JOBS:RO").grants
        #expect(readOnly.allows(.jobs, .readOnly) && !readOnly.allows(.jobs, .readWrite))
    }

    @Test(arguments: [
        ("JOBS:RO", "is not SERVICE/SCOPE:ACCESS"),
        ("builds.sr.ht/KEYS:RO", "the scope must be one of JOBS, LOGS, SECRETS"),
        ("builds.sr.ht/JOBS:ADMIN", "the access must be RO or RW"),
        ("builds.sr.ht/JOBS:RO:RW", "the scope must be one of"),
    ])
    func badGrantsAreErrors(text: String, complaint: String) throws {
        let problems = OAuthGrants.parse(text).problems
        #expect(
            problems.count == 1 && problems[0].severity == .error && problems[0].message.contains(complaint),
            "\(problems)"
        )
        let error = try #require(throws: ManifestError.self) {
            try Manifest.parse("image: x\noauth: \(text)\ntasks:\n  - a: b\n", file: "m.yml")
        }
        #expect(
            error.diagnostics.map(\.description).contains {
                $0.hasPrefix("m.yml:2:8: error:") && $0.contains(complaint)
            }
        )
    }
}
