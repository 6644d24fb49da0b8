import ArgumentParser
import CLI
import Foundation
import Images
import Logging
import Manifest
import Runner

/// `hck run build.yml`: runs one manifest on this machine, without a server.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: VMCommandName.run.rawValue,
        abstract: VMCommandName.run.abstract,
        discussion: """
            Validates the manifest, boots its image (from --image-dir or $HCK_IMAGE_DIR), streams the \
            setup and task logs, prints a summary and copies the artifacts. Exits 0 when the job \
            succeeds. Ctrl-C cancels: the VM is destroyed and its overlay deleted. VMs that killed \
            `hck run`s left behind are removed when the next one starts. \
            --secret NAME=FILE installs FILE as a secret: an OpenSSH/PEM private key as an ssh_key \
            (~/.ssh/NAME, the default key), a PGP private key block with gpg --import, anything else \
            as a file at NAME when NAME is a path (~/… or /…), else at ~/.secrets/NAME (mode 600).
            """
    )

    @Argument(help: "The manifest file.")
    var manifest: String

    @OptionGroup var images: ImageOptions

    @Option(name: .customLong("env"), help: "Set or override an environment variable (K=V); repeatable.")
    var environment: [String] = []

    @Option(name: .customLong("secret"), help: "Install a secret NAME=FILE; repeatable.")
    var secrets: [String] = []

    @Option(help: "Where artifacts are copied.")
    var artifacts: String = "artifacts"

    @Flag(help: "Keep the VM after the tasks and print the ssh command to get in; Ctrl-C ends it.")
    var keep = false

    @OptionGroup var size: VMSizeOptions

    @OptionGroup var boot: BootOption

    @Option(help: "The job's deadline, e.g. 90s, 30m, 1h.")
    var timeout: String = "45m"

    @OptionGroup var isolation: GuestIsolationOptions

    func run() async throws {
        let diagnostics = ManifestFile.check(manifest)
        for diagnostic in diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { throw ExitCode(1) }
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        var parsed = try Manifest.parse(text, file: manifest).manifest
        try applyEnvironment(to: &parsed)
        guard let deadline = Duration(parsingTimeout: timeout) else {
            throw ValidationError("--timeout \(timeout): write a number with s, m or h, e.g. 90s, 30m, 1h")
        }

        let work = URL(fileURLWithPath: "/var/tmp/hck-run")
        let id = Int64.random(in: 1_000_000..<9_999_999)
        var configuration = RunnerConfiguration(
            imageStore: images.locations.imageStore,
            catalog: try images.locations.loadCatalog(),
            workDirectory: work.appendingPathComponent("jobs")
        )
        configuration.memoryMiB = size.memory
        configuration.cpus = size.cpus
        configuration.boot = boot.mode
        configuration.jobTimeout = deadline
        configuration.artifactDirectory = URL(fileURLWithPath: artifacts)
        configuration.keepAlways = keep ? deadline : nil
        let driver = try await LibvirtDriver(overlayRoot: work.appendingPathComponent("overlays"))
        // VMs of `hck run`s that were killed (SIGKILL, a crash) are removed; those of `hck run`s
        // still running hold their owner locks and are left alone.
        for name in try await driver.removeLeftovers().domains {
            print("hck: removed \(name), left running by an hck run that was killed")
        }
        let logs = try JobLogFiles(directory: work.appendingPathComponent("jobs/\(id)/logs"))
        let request = JobRequest(
            id: id,
            manifest: parsed,
            url: "file://\(logs.directory.path)",
            secrets: try readSecrets()
        )
        let events = JobEventsFanOut([logs, TerminalEvents(artifacts: parsed.artifacts.isEmpty ? nil : artifacts)])
        print("hck: job \(id), logs in \(logs.directory.path)")
        fflush(nil)  // the logs that follow are written unbuffered

        let outcome = try await isolation.whileIsolated(command: "hck run", logger: .informational("hck.run")) {
            network in
            var jobs = configuration
            jobs.packageCache = network.packageCache
            let runner = JobRunner(driver: driver, configuration: jobs)
            return await runCancellingOnInterrupt {
                await runner.run(request, events: events, keepAlive: PrintedKeepAlive(directory: logs.directory))
            }
        }
        // The summary was printed when the job ended, before the VM's teardown (TerminalEvents).
        if outcome.status != .success { throw ExitCode(1) }
    }

    private func applyEnvironment(to manifest: inout Manifest) throws {
        for assignment in environment {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--env \(assignment): write NAME=VALUE")
            }
            let name = String(assignment[..<equals])
            let value = EnvironmentValue.string(String(assignment[assignment.index(after: equals)...]))
            if let index = manifest.environment.firstIndex(where: { $0.name == name }) {
                manifest.environment[index].value = value
            } else {
                manifest.environment.append(EnvironmentVariable(name: name, value: value))
            }
        }
    }

    private func readSecrets() throws -> [JobSecret] {
        try secrets.map { assignment in
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--secret \(assignment): write NAME=FILE")
            }
            let name = String(assignment[..<equals])
            let file = String(assignment[assignment.index(after: equals)...])
            guard let value = FileManager.default.contents(atPath: file) else {
                throw ValidationError("--secret \(assignment): cannot read \(file)")
            }
            let head = String(decoding: value.prefix(64), as: UTF8.self)
            let kind: JobSecret.Kind
            if head.hasPrefix("-----BEGIN PGP PRIVATE KEY BLOCK") {
                kind = .pgpKey
            } else if head.hasPrefix("-----BEGIN") && head.contains("PRIVATE KEY") {
                kind = .sshKey
            } else if name.hasPrefix("~") || name.hasPrefix("/") {
                kind = .file(path: name, mode: 0o600)
            } else {
                kind = .file(path: "~/.secrets/\(name)", mode: 0o600)
            }
            return JobSecret(
                id: name.replacingOccurrences(of: "/", with: "_"),
                name: name,
                kind: kind,
                value: Array(value)
            )
        }
    }
}
