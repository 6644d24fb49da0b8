import Foundation
import HckCore
import Images
import Manifest
import Runner

/// One measured boot of a built image: the bare kernel's floor, then a full job VM up to SSH.
struct BootBench {
    /// How long each stage may take: generous, because a busy 2-core host slows TCG many times
    /// and a measurement that gives up says nothing.
    static let stageDeadline: Duration = .seconds(600)

    /// The built image's folder.
    let folder: URL
    /// A scratch folder for the key, the overlay and the console log.
    let work: URL

    /// Boots twice and prints the figures.
    /// - Throws: what failed, with why (``VMError``, ``LibvirtError``, ``BenchError``).
    func run() async throws {
        let image = try BuiltImage(directory: folder)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let driver = try await LibvirtDriver(overlayRoot: work.appendingPathComponent("overlays"))
        let accelerator = await driver.accelerator(for: image)
        say("image: \(folder.path) (\(image.metadata.name) \(image.metadata.arch)), accelerator: \(accelerator)")
        say("load average before: \(Self.loadAverage)")

        let toInit = try await driver.timeToInit(image, deadline: Self.stageDeadline)
        say("kernel→init: \(toInit.seconds)")

        let key = work.appendingPathComponent("id_ed25519")
        let keygen = try await ChildProcess.output(
            "/usr/bin/ssh-keygen",
            ["-q", "-t", "ed25519", "-N", "", "-f", key.path]
        )
        guard keygen.status == 0 else { throw BenchError(.setup, "ssh-keygen failed: \(keygen.text)") }
        let spec = VMSpec(
            jobID: "bench-\(ProcessInfo.processInfo.processIdentifier)",
            image: image,
            authorizedKey: try String(contentsOf: key.appendingPathExtension("pub"), encoding: .utf8),
            consoleLog: work.appendingPathComponent("console.log"),
            bootTimeout: Self.stageDeadline
        )
        let vm = try await driver.start(spec)
        say("domain start (virDomainCreateXML): \(vm.startDuration.seconds)")
        say("host key on the console: \(vm.bootDuration.seconds)")
        let readiness = SSHReadiness(
            key: key,
            knownHosts: work.appendingPathComponent("known_hosts"),
            console: spec.consoleLog
        )
        let ready: Duration
        do {
            let result = try await readiness.wait(for: vm, deadline: Self.stageDeadline, progress: say)
            ready = result.ready
            say("ssh tries: \(result.tries.summary)")
        } catch {
            try? await vm.destroy()
            throw error
        }
        try await vm.destroy()
        say("ssh ready: \(ready.seconds)")
        say(
            String(format: "ratio ssh ready / kernel→init: %.2f (goal ≤ 1.5)", ready.inSeconds / toInit.inSeconds)
        )
        say("load average after: \(Self.loadAverage)")
    }

    /// `/proc/loadavg`'s first three fields.
    static var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "unknown"
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}

/// Prints a line at once (also into a pipe or a log file, where `print` would buffer).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

extension Duration {
    /// `12.34 s`.
    var seconds: String { String(format: "%.2f s", inSeconds) }
}
