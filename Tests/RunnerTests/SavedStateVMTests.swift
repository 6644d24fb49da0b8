import Foundation
import HckCore
import Images
import Runner
import Testing

/// Job VMs restored from one saved state of the image (made first if missing, as a runner does):
/// two run at once, and each is its own. They share no random output, no host key, no machine
/// id; each holds only its own job's key (the other job's key is refused); the clock is now. And
/// a saved state that cannot be restored makes the job cold-boot, saying why.
/// Needs an image built with saved-state support in $HCK_IMAGE_DIR (`image.json` has
/// `savedStateArgument`) and libvirtd running (`make host`).
@Suite(.serialized) struct SavedStateVMTests {
    @Test func twoRestoresOfOneStateShareNoSecrets() async throws {
        let image = try ImageLocations().imageStore.image(name: "debian/bookworm", arch: .amd64)
        try #require(image.metadata.savedStateArgument != nil, "\(image.directory.path) was built before saved states")
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let driver = try await LibvirtDriver(overlayRoot: work.appendingPathComponent("overlays"))

        let first = try await GuestUnderTest.start("a", image: image, driver: driver, work: work)
        let second: GuestUnderTest
        do {
            second = try await GuestUnderTest.start("b", image: image, driver: driver, work: work)
        } catch {
            try await first.vm.destroy()
            throw error
        }
        do {
            #expect(first.vm.howBooted.hasPrefix("restored"), "\(first.vm.howBooted)")
            #expect(second.vm.howBooted.hasPrefix("restored"), "\(second.vm.howBooted)")
            #expect(first.vm.hostKey != second.vm.hostKey)
            let look =
                "head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n'; echo; cat /etc/machine-id; date +%s; sudo -n cat /etc/ssh/ssh_host_ed25519_key | sha256sum; cat ~/.ssh/authorized_keys"
            let one = try await first.ssh(look)
            let two = try await second.ssh(look)
            #expect(one.status == 0 && two.status == 0, "\(one.text)\n\(two.text)")
            let (a, b) = (one.text.split(separator: "\n"), two.text.split(separator: "\n"))
            try #require(a.count == 5 && b.count == 5, "\(one.text)\n\(two.text)")
            #expect(a[0] != b[0], "/dev/urandom's first bytes differ")
            #expect(a[1] != b[1], "machine ids differ")
            #expect(a[3] != b[3], "host private keys differ")
            for (lines, guest) in [(a, first), (b, second)] {
                let clock = Double(lines[2]).map { abs($0 - Date().timeIntervalSince1970) } ?? .infinity
                #expect(clock < 120, "the guest's clock is now (off by \(clock) s)")
                #expect(
                    lines[4] == guest.publicKey.split(separator: " ").prefix(2).joined(separator: " ") + " hck-test"
                )
            }
            let crossed = try await first.ssh("true", key: second.key)
            #expect(crossed.status != 0, "the other job's key is refused")
        } catch {
            try await first.vm.destroy()
            try await second.vm.destroy()
            throw error
        }
        try await first.vm.destroy()
        try await second.vm.destroy()
    }

    @Test func aStateThatCannotBeRestoredMeansAColdBootSayingWhy() async throws {
        let shared = try ImageLocations().imageStore.image(name: "debian/bookworm", arch: .amd64)
        try #require(
            shared.metadata.savedStateArgument != nil,
            "\(shared.directory.path) was built before saved states"
        )
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        // An image folder of the test's own (links to the shared image's files), so the broken
        // state is not the one other tests restore.
        let folder = work.appendingPathComponent("image")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["root.qcow2", "vmlinuz", "initrd.img", "image.json"] {
            try FileManager.default.createSymbolicLink(
                at: folder.appendingPathComponent(file),
                withDestinationURL: shared.directory.appendingPathComponent(file)
            )
        }
        let image = try BuiltImage(directory: folder)
        let driver = try await LibvirtDriver(overlayRoot: work.appendingPathComponent("overlays"))
        let made = try await GuestUnderTest.start("made", image: image, driver: driver, work: work)
        try await made.vm.destroy()
        #expect(made.vm.howBooted.hasPrefix("restored"), "\(made.vm.howBooted)")

        // QEMU's stream after the header cut short: libvirt reads the header, QEMU fails.
        let state = try #require(image.savedStates().first, "the first start made a state")
        let handle = try FileHandle(forWritingTo: image.savedStateFiles(for: state.key).memory)
        try handle.truncate(atOffset: 1 << 20)
        try handle.close()
        let fallen = try await GuestUnderTest.start("cold", image: image, driver: driver, work: work)
        let works = try await fallen.ssh("true")
        try await fallen.vm.destroy()
        #expect(works.status == 0)
        #expect(
            fallen.vm.howBooted.hasPrefix("cold boot: the restore from the saved state failed"),
            "\(fallen.vm.howBooted)"
        )
        #expect(image.savedStates().isEmpty, "the broken state is dropped, so the next job makes it again")
    }

    private static func workFolder() throws -> URL {
        let work = URL(fileURLWithPath: "/var/tmp/hck-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: work,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755]
        )
        return work
    }
}

/// A restored VM with its own job key, and SSH into it with that key pinned to its host key.
private struct GuestUnderTest {
    let vm: any VirtualMachine
    let key: URL
    let publicKey: String
    let knownHosts: URL

    static func start(_ label: String, image: BuiltImage, driver: LibvirtDriver, work: URL) async throws
        -> GuestUnderTest
    {
        let key = work.appendingPathComponent("id_\(label)")
        _ = try await ChildProcess.output(
            "/usr/bin/ssh-keygen",
            ["-q", "-t", "ed25519", "-N", "", "-C", "hck-test", "-f", key.path]
        )
        let publicKey = try String(contentsOf: key.appendingPathExtension("pub"), encoding: .utf8)
        let spec = VMSpec(
            jobID: "test-\(UUID().uuidString.prefix(8).lowercased())",
            image: image,
            authorizedKey: publicKey,
            consoleLog: work.appendingPathComponent("console-\(label).log"),
            bootTimeout: .seconds(900),
            boot: .restore
        )
        let vm = try await driver.start(spec)
        let knownHosts = work.appendingPathComponent("known_hosts_\(label)")
        try "[127.0.0.1]:\(vm.sshPort) \(vm.hostKey)\n".write(to: knownHosts, atomically: true, encoding: .utf8)
        return GuestUnderTest(vm: vm, key: key, publicKey: publicKey, knownHosts: knownHosts)
    }

    func ssh(_ command: String, key: URL? = nil) async throws -> (status: Int32, text: String) {
        try await ChildProcess.output(
            "/usr/bin/ssh",
            [
                "-i", (key ?? self.key).path, "-p", "\(vm.sshPort)", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(knownHosts.path)",
                "-o", "ConnectTimeout=60", "-o", "LogLevel=error", "-o", "IdentitiesOnly=yes",
                "build@127.0.0.1", command,
            ]
        )
    }
}
