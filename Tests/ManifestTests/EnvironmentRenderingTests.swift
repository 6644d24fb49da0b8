import Manifest
import Testing

/// One environment entry per row: the YAML written, and the exact `~/.buildenv` line it becomes.
@Suite struct EnvironmentRenderingTests {
    static let rows: [(yaml: String, line: String)] = [
        ("plain words", "export V='plain words'"),
        (#""it's""#, #"export V='it'\''s'"#),
        (#"'$HOME `id` $(id) \n'"#, #"export V='$HOME `id` $(id) \n'"#),
        (#""tab\there""#, "export V='tab\there'"),
        (#""two\nlines""#, "export V='two\nlines'"),
        ("\"ünïcödé ✓ 🚀\"", "export V='ünïcödé ✓ 🚀'"),
        ("20240101", "export V=20240101"),
        ("-42", "export V=-42"),
        ("1_000", "export V=1000"),
        ("0x1F", "export V=31"),
        ("\"20240101\"", "export V='20240101'"),
        ("1.5", "export V=1.5"),
        ("1.0", "export V=1"),
        ("6.02e+23", "export V=6.02e+23"),
        ("1e3", "export V='1e3'"),
        ("1.5e10", "export V='1.5e10'"),
        ("08", "export V='08'"),
        ("0o17", "export V='0o17'"),
        ("017", "export V=15"),
        (".inf", "export V=inf"),
        ("2024-01-01", "export V='2024-01-01'"),
        ("true", "export V=true"),
        ("yes", "export V=true"),
        ("Off", "export V=false"),
        ("'yes'", "export V='yes'"),
        ("null", "export V=\"\""),
        ("~", "export V=\"\""),
        ("", "export V=\"\""),
        ("[]", "V=()"),
        (#"[1, "two words", ~, no, "it's", '\']"#, #"V=('1' 'two words' '' 'false' 'it'\''s' '\')"#),
    ]

    @Test(arguments: rows.indices)
    func rendersOneEntry(row: Int) throws {
        let (yaml, line) = Self.rows[row]
        let manifest = try Manifest.parse("image: x\nshell: true\nenvironment:\n  V: \(yaml)\n", file: "e.yml").manifest
        let rendered = BuildEnv.render(manifest, variables: AutomaticVariables(jobID: 1, jobURL: "u"))
        let expected = "export JOB_URL='u'\n\(line)\n"
        #expect(rendered.hasSuffix(expected), "\(yaml) rendered as \(rendered.split(separator: "\n").last ?? "")")
    }
}
