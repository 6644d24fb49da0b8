import Foundation
import HckCore
import TestSupport
import Testing

/// `hck` runs where libvirt is not installed; the VM commands live in `hck-vm`, which it starts.
@Suite struct ExecutableLinkingTests {
    @Test func hckLinksNoLibvirtAndHckVMDoes() async throws {
        let hck = try await ChildProcess.output("/usr/bin/ldd", [try BuiltProducts.hck.path])
        #expect(hck.status == 0, "\(hck.text)")
        #expect(!hck.text.contains("libvirt"), "hck links libvirt:\n\(hck.text)")
        let vm = try await ChildProcess.output("/usr/bin/ldd", [try BuiltProducts.executable("hck-vm").path])
        #expect(vm.text.contains("libvirt"), "hck-vm is the one that drives VMs:\n\(vm.text)")
    }

    @Test func hckHandsTheVMCommandsToHckVM() async throws {
        let run = try await ChildProcess.output(try BuiltProducts.hck.path, ["run", "--help"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("--artifacts"), "hck run --help shows hck-vm's options:\n\(run.text)")
        let runner = try await ChildProcess.output(
            try BuiltProducts.hck.path,
            ["runner", "--server", "http://127.0.0.1:1", "--token", "t", "--no-such-flag"]
        )
        #expect(runner.status != 0)
        #expect(runner.text.contains("--no-such-flag"), "hck-vm's own parser refuses it:\n\(runner.text)")
        let help = try await ChildProcess.output(try BuiltProducts.hck.path, ["--help"])
        for command in ["run", "runner", "up", "submit", "server"] {
            #expect(help.text.contains("  \(command) "), "hck --help lists \(command):\n\(help.text)")
        }
    }
}
