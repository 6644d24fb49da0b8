import Foundation
import Manifest
import NIOCore
import Testing

@testable import Runner

/// Secrets masked in a stream of output however it is cut into reads.
@Suite struct SecretMaskTests {
    static let fileSecret = JobSecret(
        id: "f",
        name: "token",
        kind: .file(path: "~/token", mode: 0o600),
        value: Array("s3cret-token-value\nshort\r\nsecond-line-1234\n".utf8)
    )
    static let sshKey = JobSecret(
        id: "k",
        name: "deploy",
        kind: .sshKey,
        value: Array(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQyNTUxOQ\n\n-----END OPENSSH PRIVATE KEY-----\n"
                .utf8
        )
    )

    @Test func theValuesAreTheLinesTheIssueNames() {
        let values = Set(
            SecretMask.values(of: [Self.fileSecret, Self.sshKey]).map { String(decoding: $0, as: UTF8.self) }
        )
        #expect(
            values == [
                "s3cret-token-value", "second-line-1234", "-----BEGIN OPENSSH PRIVATE KEY-----",
                "b3BlbnNzaC1rZXktdjEAAAAA",
                "QyNTUxOQ", "-----END OPENSSH PRIVATE KEY-----",
            ],
            "file lines of 8 or more (\\r dropped), every non-empty key line"
        )
    }

    @Test func aValueInOneReadIsMasked() {
        var mask = SecretMask(secrets: [Self.fileSecret])
        let shown = mask.mask(Array("token: s3cret-token-value, short\n".utf8)) + mask.flush()
        #expect(String(decoding: shown, as: UTF8.self) == "token: [MASKED], short\n")
    }

    /// Every way of cutting a text into two or three reads gives the same masked text as one read.
    @Test func aValueSplitAcrossReadsIsMaskedWhereverItIsCut() {
        let text = Array("a s3cret-token-value b second-line-1234second-line-1234 QyNTUxOQ-s3cret-token-valu\n".utf8)
        var whole = SecretMask(secrets: [Self.fileSecret, Self.sshKey])
        let expected = whole.mask(text) + whole.flush()
        #expect(
            String(decoding: expected, as: UTF8.self)
                == "a [MASKED] b [MASKED][MASKED] [MASKED]-s3cret-token-valu\n"
        )
        for first in 0...text.count {
            for second in stride(from: first, through: text.count, by: 7) {
                var mask = SecretMask(secrets: [Self.fileSecret, Self.sshKey])
                let shown =
                    mask.mask(text[..<first]) + mask.mask(text[first..<second]) + mask.mask(text[second...])
                    + mask.flush()
                #expect(shown == expected, "cut at \(first) and \(second)")
            }
        }
    }

    @Test func aTailThatMayStartAValueWaitsForTheNextRead() {
        var mask = SecretMask(secrets: [Self.fileSecret])
        #expect(String(decoding: mask.mask(Array("x s3cret-to".utf8)), as: UTF8.self) == "x ")
        #expect(String(decoding: mask.mask(Array("ken-value y".utf8)), as: UTF8.self) == "[MASKED] y")
        #expect(String(decoding: mask.mask(Array("s3cret-tok".utf8)), as: UTF8.self) == "")
        #expect(String(decoding: mask.flush(), as: UTF8.self) == "s3cret-tok", "at the end, a mere beginning is shown")
    }

    @Test func aValueThatBeginsAnotherWaitsForTheLongerOne() {
        var mask = SecretMask(values: [Array("abcdefgh".utf8), Array("abcdefghijkl".utf8)])
        let shown = mask.mask(Array("1 abcdefgh".utf8)) + mask.mask(Array("ijkl 2 abcdefgh 3".utf8)) + mask.flush()
        #expect(String(decoding: shown, as: UTF8.self) == "1 [MASKED] 2 [MASKED] 3")
    }

    @Test func withoutSecretsNothingIsWrapped() {
        let sink = DroppingSink()
        #expect(MaskedJobEvents.wrapping(sink, secrets: []) is DroppingSink)
        #expect(MaskedJobEvents.wrapping(sink, secrets: [Self.fileSecret]) is MaskedJobEvents)
    }
}

/// A sink that drops everything.
private struct DroppingSink: JobEvents {
    func setupLog(_ bytes: ByteBuffer) async {}
    func taskLog(_ task: String, _ bytes: ByteBuffer) async {}
    func taskStatusChanged(_ task: String, to status: TaskStatus) async {}
    func jobStatusChanged(to status: JobStatus) async {}
}
