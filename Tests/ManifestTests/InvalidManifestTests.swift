import Manifest
import Testing

/// Invalid manifests, each with every diagnostic it must produce, position and message exactly.
@Suite struct InvalidManifestTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var expected: [String]
        var testDescription: String { name }
    }

    static let tasks = "tasks:\n  - build: make\n"

    static let cases: [Case] = [
        Case(
            name: "empty text",
            text: "",
            expected: ["1:1: error: manifest is empty; it needs at least 'image' and 'tasks'"]
        ),
        Case(
            name: "root is a list",
            text: "- image: debian/stable\n",
            expected: ["1:1: error: a manifest is a mapping of fields (image:, tasks:, …), not a list"]
        ),
        Case(
            name: "YAML syntax error",
            text: "image: debian/stable\ntasks:\n  - build: make\n    bad: [\n",
            expected: [
                "4:11: error: YAML syntax error: did not find expected node content (while parsing a flow node at line 5, column 1)"
            ]
        ),
        Case(
            name: "tab indentation",
            text: "image: debian/stable\ntasks:\n\t- build: make\n",
            expected: [
                "3:1: error: YAML syntax error: found character that cannot start any token (while scanning for the next token at line 3, column 1)"
            ]
        ),
        Case(
            name: "missing image",
            text: tasks,
            expected: ["1:1: error: missing required field 'image' (e.g. image: debian/stable)"]
        ),
        Case(
            name: "image too long",
            text: "image: \(String(repeating: "x", count: 129))\n" + tasks,
            expected: ["1:8: error: image name is 129 characters long; the limit is 128"]
        ),
        Case(
            name: "image is a list",
            text: "image: [debian/stable]\n" + tasks,
            expected: ["1:8: error: 'image' must be a string, not a list"]
        ),
        Case(
            name: "duplicate top-level keys, three times",
            text: "image: debian/stable\ntasks:\n  - a: x\nimage: debian/sid\nimage: alpine/edge\n",
            expected: [
                "4:1: error: duplicate key 'image' in the manifest (first at line 1, column 1)",
                "5:1: error: duplicate key 'image' in the manifest (first at line 1, column 1)",
            ]
        ),
        Case(
            name: "duplicate quoted environment key",
            text: "image: debian/stable\nenvironment:\n  \"A\": 1\n  'A': 2\n" + tasks,
            expected: ["4:3: error: duplicate key 'A' in 'environment' (first at line 3, column 3)"]
        ),
        Case(
            name: "duplicates in a flow mapping and an anchored key",
            text: "&top image: x\nimage: y\nenvironment: {a: 1, a: 2}\n" + tasks,
            expected: [
                "2:1: error: duplicate key 'image' in the manifest (first at line 1, column 1)",
                "3:21: error: duplicate key 'a' in 'environment' (first at line 3, column 15)",
            ]
        ),
        Case(
            // A key hck cannot rename to read on: this duplicate is the only diagnostic.
            name: "duplicate block-scalar keys",
            text: "image: x\n? |\n  k\n: 1\n? |\n  k\n: 2\n" + tasks,
            expected: ["2:3: error: duplicate key 'k\\n' in a mapping"]
        ),
        Case(
            name: "CR LF, CR and NEL line breaks count as libyaml counts them",
            text: "image: x\r\ntasks:\r  - ok: a\u{85}  - Bad: b\r\n  - ok: c\n",
            expected: [
                "4:5: error: task name 'Bad' is invalid: use only lowercase letters, digits, '_' and '-'",
                "5:5: error: duplicate task name 'ok' (first at line 3, column 5)",
            ]
        ),
        Case(
            name: "no tasks",
            text: "image: debian/stable\n",
            expected: ["1:1: error: no tasks: a manifest needs at least one task unless it sets 'shell: true'"]
        ),
        Case(
            name: "empty task list",
            text: "image: debian/stable\ntasks: []\n",
            expected: ["2:8: error: no tasks: a manifest needs at least one task unless it sets 'shell: true'"]
        ),
        Case(
            name: "bad and duplicate task names",
            text:
                "image: x\ntasks:\n  - Build: a\n  - ok: b\n  - ok: c\n  - \(String(repeating: "a", count: 129)): d\n",
            expected: [
                "3:5: error: task name 'Build' is invalid: use only lowercase letters, digits, '_' and '-'",
                "5:5: error: duplicate task name 'ok' (first at line 4, column 5)",
                "6:5: error: task name is 129 characters long; the limit is 128",
            ]
        ),
        Case(
            name: "task shapes",
            text: "image: x\ntasks:\n  - just-a-string\n  - a: x\n    b: y\n  - c:\n",
            expected: [
                "3:5: error: each task must be a single 'name: script' mapping, not a string",
                "4:5: error: a task must have exactly one 'name: script' entry; this one has 2",
                "6:7: error: the script of task 'c' must be a string, not null",
            ]
        ),
        Case(
            name: "artifacts",
            text: "image: x\nartifacts:\n  - out/a.tar\n  - b/a.tar\n  - ''\n" + tasks,
            expected: [
                "4:5: error: artifact basename 'a.tar' is used twice ('out/a.tar' at line 3 and 'b/a.tar'); artifacts are stored by basename",
                "5:5: error: artifact path is empty",
            ]
        ),
        Case(
            name: "triggers",
            text: """
                image: x
                triggers:
                  - action: sms
                    condition: always
                  - action: email
                    condition: sometimes
                  - action: webhook
                    condition: success
                    url: ftp://example.org
                  - condition: always
                  - just text

                """ + tasks,
            expected: [
                "3:13: error: unknown trigger action 'sms' (expected email or webhook)",
                "5:5: error: email trigger has no 'to' (the recipients)",
                "6:16: error: unknown trigger condition 'sometimes' (expected always, failure or success)",
                "9:10: error: webhook url 'ftp://example.org' must be an http:// or https:// URL",
                "10:5: error: trigger has no 'action' (email or webhook)",
                "11:5: error: each trigger must be a mapping, not a string",
            ]
        ),
        Case(
            name: "wrong types",
            text: """
                image: x
                packages: jq
                shell: maybe
                environment: [A, B]
                sources:
                  - {url: x}
                secrets: yes
                oauth: [a]

                """ + tasks,
            expected: [
                "2:11: error: 'packages' must be a list of strings, not a string",
                "3:8: error: 'shell' must be true or false, not a string",
                "4:14: error: 'environment' must be a mapping, not a list",
                "6:5: error: each item of 'sources' must be a string, not a mapping",
                "7:10: error: 'secrets' must be a list of strings, not a boolean (yes)",
                "8:8: error: 'oauth' must be a string, not a list",
            ]
        ),
        Case(
            name: "environment problems",
            text: "image: x\nenvironment:\n  1B: x\n  M: {a: b}\n  L: [a, [b]]\n  \"N\": \"a\\0b\"\n" + tasks,
            expected: [
                "3:3: error: environment variable name '1B' is not a shell name: use letters, digits and '_', not starting with a digit",
                "4:6: error: environment variable 'M' must be a string, number, boolean, null or a list of those, not a mapping",
                "5:10: error: an item of list 'L' must be a string, number, boolean or null, not a list",
                "6:8: error: environment variable 'N' contains a NUL character, which no shell variable can hold",
            ]
        ),
        Case(
            name: "bad sources",
            text:
                "image: x\nsources:\n  - https://example.org/\n  - https://example.org/a#\n  - a/b\n  - https://x.org/a\n  - https://y.org/a\n  - ../up::https://x.org/b\n"
                + tasks,
            expected: [
                "3:5: error: cannot tell which directory source 'https://example.org/' clones into; write 'DIR::https://example.org/'",
                "4:5: error: source 'https://example.org/a#' ends with '#' but names no ref after it",
                "7:5: error: source 'https://y.org/a' clones into 'a' like the source at line 6; write 'OTHER-DIR::https://y.org/a'",
                "8:5: error: source directory '../up' must be a path inside the build user's home",
            ]
        ),
        Case(
            name: "non-string keys",
            text: "image: x\n[a]: 1\n? {b: c}\n: 2\n" + tasks,
            expected: [
                "2:1: error: a key in the manifest must be a plain string, not a list",
                "3:3: error: a key in the manifest must be a plain string, not a mapping",
            ]
        ),
        Case(
            name: "undefined alias",
            text: "image: *nothing\n" + tasks,
            expected: ["1:8: error: YAML syntax error: found undefined alias"]
        ),
        Case(
            name: "two documents",
            text: "image: x\n---\nimage: y\n",
            expected: [
                "2:1: error: YAML syntax error: but found another document (expected a single document in the stream at line 1, column 1)"
            ]
        ),
        Case(
            name: "oversize manifest",
            text: "image: x\n" + tasks + "# " + String(repeating: "x", count: 256 * 1024) + "\n",
            expected: ["1:1: error: manifest is 262179 bytes; this server's limit is 262144 bytes"]
        ),
        Case(
            name: "warnings come with the errors",
            text: "image: x\nsubmitter: bot\nartifacts: [~/out.tar]\n",
            expected: [
                "1:1: error: no tasks: a manifest needs at least one task unless it sets 'shell: true'",
                "2:1: warning: unknown field 'submitter' is ignored",
                "3:13: warning: artifact path '~/out.tar' is taken literally: '~' is not the home folder; write it relative",
            ]
        ),
    ]

    @Test(arguments: cases)
    func reportsEveryProblemWithItsPosition(_ testCase: Case) {
        do {
            let parsed = try Manifest.parse(testCase.text, file: "bad.yml")
            Issue.record("parsed without errors: \(parsed)")
        } catch {
            #expect(error.diagnostics.map(\.description) == testCase.expected.map { "bad.yml:" + $0 })
        }
    }
}
