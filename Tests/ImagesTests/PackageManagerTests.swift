import HckCore
import Images
import Testing

@Suite struct PackageManagerTests {
    let apt = PackageManager(named: "apt")!

    @Test func unknownPackageManagerIsNil() {
        #expect(PackageManager(named: "pacman") == nil)
    }

    @Test func installsNonInteractively() {
        #expect(
            apt.installCommand(["jq", "python3-dev"])
                == "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q"
                + " && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q jq python3-dev"
        )
    }

    @Test func quotesPackageNamesThatNeedIt() {
        #expect(apt.installCommand(["a b", "it's"]).hasSuffix("install -y -q 'a b' 'it'\\''s'"))
    }

    @Test func powersOff() {
        #expect(apt.poweroffCommand == "sudo poweroff")
    }

    @Test func addsARepositoryWithoutKey() throws {
        let command = try apt.addRepositoryCommand(name: "extra", spec: "https://example.org/debian bookworm main")
        #expect(
            command
                == "echo 'deb https://example.org/debian bookworm main' | sudo tee /etc/apt/sources.list.d/extra.list >/dev/null"
        )
    }

    @Test func addsARepositoryWithSignedByKey() throws {
        let command = try apt.addRepositoryCommand(
            name: "llvm",
            spec: "https://example.org/llvm bookworm main 15CF4D18AF4F7421"
        )
        #expect(command.contains("/pks/lookup?op=get&options=mr&search=0x15CF4D18AF4F7421"))
        #expect(command.contains("/etc/apt/keyrings/llvm.gpg"))
        #expect(command.contains("'deb [signed-by=/etc/apt/keyrings/llvm.gpg] https://example.org/llvm bookworm main'"))
        #expect(command.contains("no key server is reachable"))
    }

    @Test(arguments: [
        ("x", "https://example.org/debian bookworm", "expected 'url distro component [keyid]'"),
        ("x", "example.org bookworm main", "is not a URL"),
        ("x", "https://example.org bookworm main notakey!", "is not hexadecimal"),
        ("bad name", "https://example.org bookworm main", "the name may only hold"),
    ])
    func rejectsBadRepositories(name: String, spec: String, reason: String) {
        #expect {
            try apt.addRepositoryCommand(name: name, spec: spec)
        } throws: { error in
            let error = error as? ImageError
            return error?.code == .badRepository && error?.message.contains(reason) == true
                && error?.message.contains("repository '\(name)'") == true
        }
    }
}
