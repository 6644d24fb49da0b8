import Foundation
import HckCore
import Images
import Runner
import Synchronization
import Testing

/// Boots ONE real debian/bookworm VM (TCG here) through the libvirt driver and checks the guest
/// boot contract, SSH, sudo, apt, the host-loopback route, leftovers and image immutability, and
/// that a start whose SSH port another program took meanwhile moves on to another port.
/// Needs the image built in $HCK_IMAGE_DIR (`make image`) and libvirtd running (`make host`).
@Suite(.serialized) struct LibvirtDriverTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func bootsTheImageAndServesSSH() async throws {
        let store = ImageLocations().imageStore
        let catalogImage = try ImageCatalog(directory: Self.repository.appendingPathComponent("images"))
            .resolve("debian/bookworm", arch: "amd64")
        let image = try store.image(name: catalogImage.name, arch: catalogImage.arch)
        let diskSum = try await Self.sha256(image.disk)

        let work = URL(fileURLWithPath: "/var/tmp/hck-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let key = work.appendingPathComponent("id_ed25519")
        _ = try await ChildProcess.output("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key.path])
        let publicKey = try String(contentsOf: key.appendingPathExtension("pub"), encoding: .utf8)

        // The first port the driver is given is one this test listens on, as when another program
        // binds a port between the allocator's check and QEMU's start.
        let taken = try ListeningSocket()
        defer { taken.close() }
        let ports = PortAllocator(candidates: taken.handedOutOnceThenFree)
        let driver = try await LibvirtDriver(overlayRoot: work.appendingPathComponent("overlays"), ports: ports)
        let jobID = "test-\(UUID().uuidString.prefix(8).lowercased())"
        let spec = VMSpec(
            jobID: jobID,
            image: image,
            authorizedKey: publicKey,
            consoleLog: work.appendingPathComponent("console.log")
        )
        let vm = try await driver.start(spec)
        #expect(vm.sshPort != taken.port, "the start moved off the taken port")
        #expect(await ports.reservedPorts == [vm.sshPort], "the taken port was given back")
        do {
            try await checkGuest(vm, key: key, work: work, packageManager: catalogImage.packageManager)
        } catch {
            try await vm.destroy()
            throw error
        }

        // Another driver on the same folder (a second runner, a restart while this process lives)
        // leaves the VM alone: its owner lock is held. Removing a killed owner's VM is checked
        // with real killed processes (RunnerNodeRobustnessTests, RunCommandVMTests).
        let overlays = work.appendingPathComponent("overlays")
        let other = try await LibvirtDriver(overlayRoot: overlays)
        #expect(try await other.removeLeftovers() == Leftovers(inUse: ["hck-job-\(jobID)"]))
        let domainsRunning = try await ChildProcess.output(
            "/usr/bin/virsh",
            ["-c", "qemu:///system", "list", "--name"]
        ).text
        #expect(domainsRunning.contains("hck-job-\(jobID)"), "the VM in use still runs")
        try await vm.destroy()
        try await vm.destroy()
        #expect(try await other.removeLeftovers() == Leftovers())
        #expect(try FileManager.default.contentsOfDirectory(atPath: overlays.path).isEmpty, "no overlay, no lock file")
        #expect(await ports.reservedPorts.isEmpty)
        #expect(try await Self.sha256(image.disk) == diskSum, "booting must not modify the image")
    }

    private func checkGuest(
        _ vm: any VirtualMachine,
        key: URL,
        work: URL,
        packageManager: PackageManager
    ) async throws {
        #expect(vm.name.description.hasPrefix("hck-job-test-"))
        #expect(vm.hostKey.hasPrefix("ssh-ed25519 "))
        let knownHosts = work.appendingPathComponent("known_hosts")
        try "[127.0.0.1]:\(vm.sshPort) \(vm.hostKey)\n".write(to: knownHosts, atomically: true, encoding: .utf8)
        let ssh = { (command: String) async throws -> (status: Int32, text: String) in
            try await ChildProcess.output(
                "/usr/bin/ssh",
                [
                    "-i", key.path, "-p", "\(vm.sshPort)", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                    "-o", "UserKnownHostsFile=\(knownHosts.path)", "-o", "ConnectTimeout=20", "-o", "LogLevel=error",
                    "build@127.0.0.1",
                    command,
                ]
            )
        }
        let first = try await Self.retrying { try await ssh("true") }
        #expect(first.status == 0, "ssh true: \(first.text)")
        let identity = try await ssh("id -un; sudo -n id -un; echo $SHELL")
        #expect(identity.text == "build\nroot\n/bin/bash\n", "\(identity.text)")

        // The guest reaches the host's loopback through the user-mode gateway 10.0.2.2 (where allowed).
        let served = work.appendingPathComponent("served.git")
        _ = try await ChildProcess.output("/usr/bin/git", ["init", "-q", "--bare", served.path])
        let gitPort = try await PortAllocator.shared.allocate()
        // `git daemon` runs git-daemon as its child: stop both, by pid (SIGKILL: children started
        // from the test process do not always see SIGTERM), and keep them away from the test
        // runner's output pipe (a survivor holding it would hang `swift test`).
        let pidFile = work.appendingPathComponent("git-daemon.pid")
        let daemon = try await SpawnedProcess.start(
            "/usr/bin/git",
            [
                "daemon", "--listen=127.0.0.1", "--port=\(gitPort)", "--export-all", "--base-path=\(work.path)",
                "--reuseaddr", "--pid-file=\(pidFile.path)", work.path,
            ]
        )
        defer {
            let pid = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if let pid { kill(pid, SIGKILL) }
            daemon.signal(SIGKILL)
        }
        // Isolated as a runner isolates its guests: the git port is an allowed forward, another port
        // the test listens on is refused, and the mirror stays reachable.
        let blocked = try LoopbackSocket.bind(listening: true)
        defer { blocked.close() }
        let git = try GuestForward(parsing: "git=127.0.0.1:\(gitPort)")
        try await GuestIsolation.whileInstalled(forwards: [git]) {
            let clone = try await Self.retrying { try await ssh("git clone -q git://\(git.guestAddress)/served.git") }
            #expect(clone.status == 0, "clone from \(git.guestAddress), an allowed forward: \(clone.text)")
            let refused = try await ssh(
                "if timeout 10 bash -c 'exec 3<>/dev/tcp/10.0.2.2/\(blocked.port)' 2>/dev/null; then echo open; else echo closed; fi"
            )
            #expect(refused.text.hasSuffix("closed\n"), "a port not forwarded: \(refused.text)")

            let install = try await ssh("{ \(packageManager.installCommand(["jq"])); } >/dev/null && jq --version")
            #expect(
                install.status == 0 && install.text.split(separator: "\n").last?.hasPrefix("jq-") == true,
                "apt-get install jq: \(install.text)"
            )
        }
        await PortAllocator.shared.release(gitPort)
    }

    /// The first connection may race sshd's start by a moment; later failures are real.
    private static func retrying(
        _ attempt: () async throws -> (status: Int32, text: String)
    ) async throws -> (status: Int32, text: String) {
        var result = try await attempt()
        for _ in 0..<10 where result.status != 0 {
            try await Task.sleep(for: .seconds(1))
            result = try await attempt()
        }
        return result
    }

    private static func sha256(_ file: URL) async throws -> String {
        let result = try await ChildProcess.output("/usr/bin/sha256sum", [file.path])
        return String(result.text.prefix(64))
    }
}
