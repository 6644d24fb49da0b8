import Foundation
import GitPush
import HckCore
import Testing

/// `ForgeSignature`: each forge's proof of the webhook secret, checked against values computed
/// independently (Python's hmac module for the HMACs below).
@Suite struct ForgeSignatureTests {
    static let body = Data(#"{"ref":"refs/heads/main"}"#.utf8)
    static let secret = Data("It's a Secret to Everybody".utf8)
    /// `hmac.new(secret, body, hashlib.sha256).hexdigest()`.
    static let hmac = "6a42699496d8c4fb346af1c930df527931a321e28ada69dbc5ee82f438517fd2"

    @Test func signsAsEachForgeDoes() {
        #expect(ForgeSignature.sign(forge: .github, body: Self.body, secret: Self.secret) == "sha256=" + Self.hmac)
        #expect(ForgeSignature.sign(forge: .gitea, body: Self.body, secret: Self.secret) == Self.hmac)
        #expect(
            ForgeSignature.sign(forge: .gitlab, body: Self.body, secret: Self.secret) == "It's a Secret to Everybody"
        )
    }

    @Test(arguments: Forge.allCases) func acceptsItsOwnSignature(forge: Forge) throws {
        let value = ForgeSignature.sign(forge: forge, body: Self.body, secret: Self.secret)
        try ForgeSignature.verify(
            forge: forge,
            headers: [forge.signatureHeader: value],
            body: Self.body,
            secret: Self.secret
        )
    }

    @Test(arguments: Forge.allCases) func refusesAnotherSecretAnotherBodyOrNoHeader(forge: Forge) {
        let value = ForgeSignature.sign(forge: forge, body: Self.body, secret: Self.secret)
        #expect(throws: ForgeError(.badSignature, "\(forge.signatureHeader) does not match the repository's secret")) {
            try ForgeSignature.verify(
                forge: forge,
                headers: [forge.signatureHeader: value],
                body: Self.body,
                secret: Data("other".utf8)
            )
        }
        if forge != .gitlab {
            #expect(throws: ForgeError.self) {
                try ForgeSignature.verify(
                    forge: forge,
                    headers: [forge.signatureHeader: value],
                    body: Data("{}".utf8),
                    secret: Self.secret
                )
            }
        }
        #expect(throws: ForgeError(.unsigned, "the delivery has no \(forge.signatureHeader) header")) {
            try ForgeSignature.verify(forge: forge, headers: [:], body: Self.body, secret: Self.secret)
        }
    }

    @Test func gitHubNeedsItsPrefixAndAnotherForgesHeaderDoesNotCount() {
        #expect(throws: ForgeError.self) {
            try ForgeSignature.verify(
                forge: .github,
                headers: ["x-hub-signature-256": Self.hmac],
                body: Self.body,
                secret: Self.secret
            )
        }
        #expect(throws: ForgeError.self) {
            try ForgeSignature.verify(
                forge: .gitea,
                headers: ["x-hub-signature-256": "sha256=" + Self.hmac],
                body: Self.body,
                secret: Self.secret
            )
        }
        // An uppercase hex digest is the same digest.
        #expect(throws: Never.self) {
            try ForgeSignature.verify(
                forge: .gitea,
                headers: ["x-gitea-signature": Self.hmac.uppercased()],
                body: Self.body,
                secret: Self.secret
            )
        }
    }
}
