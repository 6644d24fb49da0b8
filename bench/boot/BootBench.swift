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
        for state in image.savedStates() {
            say(
                "saved state for \(state.key.memoryMiB) MiB, \(state.key.cpus) vCPUs, \(state.key.accelerator): made \(state.madeAt) in \(String(format: "%.1f", state.makeSeconds)) s"
            )
        }
        var cold: [Duration] = []
        var restored: [Duration] = []
        for round in 1...Self.rounds {
            cold.append(try await usable(image, boot: .cold, round: round, driver: driver, key: key))
            restored.append(try await usable(image, boot: .restore, round: round, driver: driver, key: key))
        }
        say(
            "cold boot, ssh ready: median \(Self.median(cold).seconds) of \(cold.map(\.seconds).joined(separator: ", "))"
        )
        say(
            "restore, ssh ready: median \(Self.median(restored).seconds) of \(restored.map(\.seconds).joined(separator: ", "))"
        )
        say(
            String(
                format: "ratio restore / cold boot: %.2f; restore %@ the goal of 3 s",
                Self.median(restored).inSeconds / Self.median(cold).inSeconds,
                Self.median(restored) <= .seconds(3) ? "meets" : "misses"
            )
        )
        say(
            String(
                format: "ratio cold boot ssh ready / kernel→init: %.2f",
                Self.median(cold).inSeconds / toInit.inSeconds
            )
        )
        say("load average after: \(Self.loadAverage)")
    }

    /// How many cold boots and restores are measured (`HCK_BENCH_ROUNDS`, 5 by default).
    static var rounds: Int {
        ProcessInfo.processInfo.environment["HCK_BENCH_ROUNDS"].flatMap(Int.init).map { max($0, 1) } ?? 5
    }

    /// Starts a job VM and waits until `ssh build@… true` with the job's key succeeds.
    /// - Returns: the time from the domain's start (or restore) until then.
    private func usable(
        _ image: BuiltImage,
        boot: BootMode,
        round: Int,
        driver: LibvirtDriver,
        key: URL
    ) async throws -> Duration {
        let spec = VMSpec(
            jobID: "bench-\(ProcessInfo.processInfo.processIdentifier)-\(boot)-\(round)",
            image: image,
            authorizedKey: try String(contentsOf: key.appendingPathExtension("pub"), encoding: .utf8),
            consoleLog: work.appendingPathComponent("console.log"),
            bootTimeout: Self.stageDeadline,
            boot: boot
        )
        let vm = try await driver.start(spec)
        let readiness = SSHReadiness(
            key: key,
            knownHosts: work.appendingPathComponent("known_hosts"),
            console: spec.consoleLog
        )
        let result: (ready: Duration, tries: SSHTries)
        do {
            result = try await readiness.wait(for: vm, deadline: Self.stageDeadline, progress: say)
        } catch {
            try? await vm.destroy()
            throw error
        }
        try await vm.destroy()
        say(
            "\(boot) #\(round) (\(vm.howBooted)): start \(vm.startDuration.seconds), host key \(vm.bootDuration.seconds), ssh ready \(result.ready.seconds) (\(result.tries.summary)); load \(Self.loadAverage)"
        )
        return result.ready
    }

    /// The middle value (the mean of the two middle ones for an even count).
    static func median(_ values: [Duration]) -> Duration {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
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
