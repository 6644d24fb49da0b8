import API
import ArgumentParser
import Foundation
import Images
import Logging
import Node
import Runner

/// What `hck runner` and `hck up` share: where images and per-job files are, how big VMs are,
/// and how many run at once.
struct RunnerOptions: ParsableArguments {
    @Option(help: "How many jobs run at once (each in its own VM).")
    var slots = 1

    @Option(help: "Where built images are (default: $HCK_IMAGE_DIR).")
    var imageDir: String?

    @Option(
        help: "The image catalog, for aliases like debian/stable (default: $HCK_CATALOG, else ./images when present)."
    )
    var catalog: String?

    @Option(help: "This runner's own folder for per-job files and VM overlays (QEMU must reach it).")
    var workDir: String?

    @Option(help: "Guest memory in MiB.")
    var memory = 2048

    @Option(help: "Guest vCPUs.")
    var cpus = 2

    @Option(help: "A job's deadline, e.g. 90s, 30m, 1h.")
    var timeout = "45m"

    func validate() throws {
        guard slots >= 1 else { throw ValidationError("--slots \(slots): run at least one job at a time (1 or more)") }
        guard memory >= 256 else { throw ValidationError("--memory \(memory): a guest needs at least 256 MiB") }
        guard cpus >= 1 else { throw ValidationError("--cpus \(cpus): a guest needs at least one vCPU") }
        guard Duration(parsingTimeout: timeout) != nil else {
            throw ValidationError("--timeout \(timeout): write a number with s, m or h, e.g. 90s, 30m, 1h")
        }
    }

    /// The runner node for a server, working in `defaultWorkDirectory` unless --work-dir says otherwise.
    func node(client: APIClient, defaultWorkDirectory: String, logger: Logger) async throws -> RunnerNode {
        let work = URL(fileURLWithPath: workDir ?? defaultWorkDirectory)
        var jobs = RunnerConfiguration(
            imageStore: imageDir.map { ImageStore(root: URL(fileURLWithPath: $0)) } ?? .fromEnvironment(),
            catalog: try loadCatalog(),
            workDirectory: work.appendingPathComponent("jobs")
        )
        jobs.memoryMiB = memory
        jobs.cpus = cpus
        jobs.jobTimeout = Duration(parsingTimeout: timeout) ?? jobs.jobTimeout
        let driver = try await LibvirtDriver(overlayRoot: work.appendingPathComponent("overlays"), logger: logger)
        var configuration = RunnerNode.Configuration()
        configuration.slots = slots
        return RunnerNode(client: client, driver: driver, jobs: jobs, configuration: configuration, logger: logger)
    }

    private func loadCatalog() throws -> ImageCatalog? {
        if let path = catalog ?? ProcessInfo.processInfo.environment["HCK_CATALOG"] {
            return try ImageCatalog(directory: URL(fileURLWithPath: path))
        }
        guard FileManager.default.fileExists(atPath: "images") else { return nil }
        return try? ImageCatalog(directory: URL(fileURLWithPath: "images"))
    }
}

extension Logger {
    /// A logger at info level with this label.
    static func informational(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .info
        return logger
    }
}
