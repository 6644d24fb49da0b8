import Foundation
import Manifest
import Testing

/// Inputs built to break parsers: each must end in diagnostics (or a manifest), promptly, without a trap.
/// The time bounds catch blow-ups (an unbounded expansion takes minutes or never ends); they are loose so
/// that a busy CI machine running the whole suite in parallel does not trip them.
@Suite struct HostileInputTests {
    func diagnostics(_ text: String) -> [String] {
        do {
            return try Manifest.parse(text, file: "h.yml").warnings.map(\.description)
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func deepFlowNestingIsASyntaxError() {
        let found = diagnostics("image: x\nenvironment: " + String(repeating: "[", count: 5000) + "\n")
        #expect(found.contains { $0.contains("Maximum nesting level reached") })
    }

    @Test func deepBlockNestingIsASyntaxError() {
        let found = diagnostics("image: x\ntasks:\n" + String(repeating: "- ", count: 3000) + "a: b\n")
        #expect(found.contains { $0.contains("Maximum nesting level reached") })
    }

    /// Nested anchors, each level using the one below `fanOut` times, the last used as a key and a value.
    static func aliasBomb(levels: Int, fanOut: Int) -> String {
        var text = "image: x\nshell: true\nl0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...levels {
            let uses = Array(repeating: "*l\(level - 1)", count: fanOut).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(uses)]\n"
        }
        return text + "packages: *l\(levels)\n? *l\(levels)\n: key\n"
    }

    @Test func aBillionLaughsAsAKeyIsRefusedBeforeYAMLExpandsIt() {
        let start = ContinuousClock.now
        #expect(
            diagnostics(Self.aliasBomb(levels: 9, fanOut: 10)) == [
                "h.yml:14:3: error: an alias (*name) cannot be used in a mapping key; write the key out"
            ]
        )
        // Bounded work takes seconds (12.6 s at load 11, debug build); unbounded would take hours.
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func aBillionLaughsAsAValueIsReadOnlyAsDeepAsNeeded() {
        let text = Self.aliasBomb(levels: 9, fanOut: 10).replacingOccurrences(of: "? *l9\n: key\n", with: "")
        let start = ContinuousClock.now
        let found = diagnostics(text)
        // Bounded work takes seconds (12.6 s at load 11, debug build); unbounded would take hours.
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(found.contains { $0.contains("each item of 'packages' must be a string, not a list") })
    }

    @Test func nestedMergeKeysAreBounded() {
        var text = "image: x\nshell: true\nm0: &m0 {A: 1}\n"
        for level in 1...9 {
            text +=
                "m\(level): &m\(level) {<<: [" + Array(repeating: "*m\(level - 1)", count: 10).joined(separator: ", ")
                + "]}\n"
        }
        text += "environment:\n  <<: *m9\n"
        let start = ContinuousClock.now
        let found = diagnostics(text)
        // Bounded work takes seconds (12.6 s at load 11, debug build); unbounded would take hours.
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(found.contains { $0.contains("merge keys ('<<') expand more than 10000 times") })
    }

    @Test func aHugeUploadIsRefusedByItsSizeAlone() {
        let text = "image: x\n" + String(repeating: "a: 1\n", count: 2_000_000)
        let start = ContinuousClock.now
        #expect(
            diagnostics(text) == ["h.yml:1:1: error: manifest is 10000009 bytes; this server's limit is 262144 bytes"]
        )
        // Bounded work takes seconds (12.6 s at load 11, debug build); unbounded would take hours.
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func thousandsOfDuplicateKeysCostBoundedTime() {
        let text = "image: x\n" + String(repeating: "a: 1\n", count: 3200)
        let start = ContinuousClock.now
        #expect(
            diagnostics(text) == [
                "h.yml:66:1: error: too many duplicate keys to list them all (more than 65); remove these and check again"
            ]
        )
        // The bound catches a blow-up (minutes), not speed: a debug build on a loaded two-core
        // machine took up to 28 s here.
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func hugeNumbersAreKeptAsTheirDigits() throws {
        let text =
            "image: x\nenvironment:\n  BIG: 99999999999999999999999\n  SIX: 1:2:3:4:5:6:7:8:9:10:11:12:13\n"
            + "  HEX: 0xFFFFFFFFFFFFFFFFFF\n  INF: 1.0e+400\n  MODE: 0755\nshell: true\n"
        let parsed = try Manifest.parse(text, file: "h.yml")
        let values = parsed.manifest.environment.map(\.value)
        #expect(
            values == [
                .string("99999999999999999999999"), .string("1:2:3:4:5:6:7:8:9:10:11:12:13"),
                .string("0xFFFFFFFFFFFFFFFFFF"), .float(.infinity), .integer(493),
            ]
        )
        #expect(
            parsed.warnings.map(\.description) == [
                "h.yml:3:8: warning: '99999999999999999999999' does not fit a 64-bit integer; it is kept as the string",
                "h.yml:4:8: warning: '1:2:3:4:5:6:7:8:9:10:11:12:13' does not fit a 64-bit integer; it is kept as the string",
                "h.yml:5:8: warning: '0xFFFFFFFFFFFFFFFFFF' does not fit a 64-bit integer; it is kept as the string",
                "h.yml:7:9: warning: '0755' is read as the integer 493 (YAML 1.1 base 8); quote it to keep the text",
            ]
        )
    }

    @Test func controlCharactersAreReportedWhereTheyAre() {
        #expect(
            diagnostics("image: x\ntasks:\n  - a: b\u{7}\n")
                == ["h.yml:3:9: error: YAML cannot read the text: control characters are not allowed (U+0007)"]
        )
    }

    @Test func mergeKeysBringInTheAnchoredEntries() throws {
        let text =
            "image: x\nshell: true\nx-common: &common\n  A: one\n  B: two\nenvironment:\n  <<: *common\n  B: mine\n"
        let parsed = try Manifest.parse(text, file: "h.yml")
        #expect(
            parsed.manifest.environment == [
                EnvironmentVariable(name: "A", value: .string("one")),
                EnvironmentVariable(name: "B", value: .string("mine")),
            ]
        )
        #expect(parsed.warnings.map(\.description) == ["h.yml:3:1: warning: unknown field 'x-common' is ignored"])
    }
}
