import Manifest
import Testing

/// The smaller rules of rendering and of trigger conditions.
@Suite struct RenderingRulesTests {
    let variables = AutomaticVariables(jobID: 9, jobURL: "http://127.0.0.1/9")

    @Test func noOAuthMeansNoTokenLine() {
        let manifest = Manifest(image: "x", environment: [EnvironmentVariable(name: "A", value: .float(1e-5))])
        #expect(
            BuildEnv.render(manifest, variables: variables) == """
                #!/bin/sh
                complete-build() { echo 1 > ~/.complete-build; exit 0; }
                export CI_NAME='hck'
                export JOB_ID=9
                export JOB_URL='http://127.0.0.1/9'
                export A=1e-05

                """
        )
    }

    @Test func oauthWithoutATokenExportsAnEmptyOne() {
        let rendered = BuildEnv.render(Manifest(image: "x", oauth: "meta.sr.ht/PROFILE:RO"), variables: variables)
        #expect(rendered.hasSuffix("export JOB_URL='http://127.0.0.1/9'\nexport OAUTH2_TOKEN=''\n"))
    }

    @Test func shellQuotingHandlesQuotesThatCombineWithMarks() {
        // U+0301 joins the quote into one Character; the shell still sees a quote and must get it escaped.
        #expect("a'\u{301}b".shellQuoted == "'a'\\''\u{301}b'")
        #expect("".shellQuoted == "''")
    }

    @Test func shellWordsStayPlainOnlyWhenNothingInThemIsSpecial() {
        #expect("python3-dev".shellWord == "python3-dev")
        #expect("/etc/apt/sources.list.d/llvm.list".shellWord == "/etc/apt/sources.list.d/llvm.list")
        #expect("a b".shellWord == "'a b'")
        #expect("it's".shellWord == "'it'\\''s'")
        #expect("$HOME".shellWord == "'$HOME'")
        #expect("é".shellWord == "'é'")
        #expect("".shellWord == "''")
    }

    @Test(arguments: JobStatus.allCases)
    func conditionsMatchFinalStatuses(status: JobStatus) {
        #expect(Trigger.Condition.always.matches(status) == status.isFinal)
        #expect(Trigger.Condition.success.matches(status) == (status == .success))
        #expect(Trigger.Condition.failure.matches(status) == [.failed, .timeout, .cancelled].contains(status))
    }
}
