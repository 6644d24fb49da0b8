import Foundation
import Images
import Manifest
import Runner
import Testing

/// What the VM tests share: the image (from $HCK_IMAGE_DIR), a work folder, a runner.
struct VMTestBed {
    static let imageRoot =
        ProcessInfo.processInfo.environment["HCK_IMAGE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        ?? "/var/cache/hck-dev/images"

    let work: URL
    let runner: JobRunner
    let overlays: URL

    /// A runner over a fresh folder; fails the test (never skips it) when the image is missing.
    static func make(_ adjust: (inout RunnerConfiguration) -> Void = { _ in }) async throws -> VMTestBed {
        let store = ImageStore(root: URL(fileURLWithPath: imageRoot))
        #expect(
            store.isBuilt(name: "debian/bookworm", arch: .amd64),
            "debian/bookworm is not built in \(imageRoot) (set HCK_IMAGE_DIR or run `make image`): the VM tests need it"
        )
        _ = try store.image(name: "debian/bookworm", arch: .amd64)
        let work = URL(fileURLWithPath: "/var/tmp/hck-runner-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let overlays = work.appendingPathComponent("overlays")
        var configuration = RunnerConfiguration(imageStore: store, workDirectory: work.appendingPathComponent("jobs"))
        configuration.artifactDirectory = work.appendingPathComponent("artifacts")
        adjust(&configuration)
        let driver = try await LibvirtDriver(overlayRoot: overlays)
        return VMTestBed(
            work: work,
            runner: JobRunner(driver: driver, configuration: configuration),
            overlays: overlays
        )
    }

    func manifest(_ yaml: String) throws -> Manifest {
        try Manifest.parse(yaml, file: "test.yml").manifest
    }

    func logs(_ id: Int64) throws -> JobLogFiles {
        try JobLogFiles(directory: work.appendingPathComponent("logs-\(id)"))
    }

    func log(_ id: Int64, task: String?) throws -> String {
        let url = work.appendingPathComponent("logs-\(id)")
            .appendingPathComponent(task.map { "task-\($0).log" } ?? "setup.log")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// Whether libvirt still has the job's domain, or its overlay folder still exists.
    func leftovers(of id: Int64) async throws -> [String] {
        let domains = try await runTool("/usr/bin/virsh", ["-c", "qemu:///system", "list", "--all", "--name"])
        var found = domains.split(separator: "\n").map(String.init).filter { $0 == "hck-job-\(id)" }
        let overlay = overlays.appendingPathComponent("hck-job-\(id)")
        if FileManager.default.fileExists(atPath: overlay.path) { found.append(overlay.path) }
        return found
    }

    /// Deletes the work folder, unless HCK_KEEP_TEST_FILES is set (to read the logs).
    func remove() {
        guard ProcessInfo.processInfo.environment["HCK_KEEP_TEST_FILES"] == nil else { return }
        try? FileManager.default.removeItem(at: work)
    }
}

/// The lines of a task log its commands printed (prefixed `OUT:`), without the trace.
func outputLines(_ log: String) -> [String] {
    log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { $0.hasPrefix("OUT:") }
}

extension VMTestBed {
    /// Runs a job, cancels it once `ready` has returned, and says how long the job took to end
    /// after the cancel.
    /// - Parameters:
    ///   - request: the job.
    ///   - events: where its events go.
    ///   - ready: waits for the moment to cancel; what it returns comes back with the outcome.
    func runCancelled<Seen: Sendable>(
        _ request: JobRequest,
        events: any JobEvents,
        once ready: @escaping @Sendable () async -> Seen
    ) async -> (outcome: JobOutcome?, cancelTook: Duration, seen: Seen) {
        let runner = runner
        return await withTaskGroup(of: JobOutcome?.self) { group in
            group.addTask { await runner.run(request, events: events) }
            let seen = await ready()
            let cancelled = ContinuousClock.now
            group.cancelAll()
            let outcome = await group.next() ?? nil
            return (outcome, ContinuousClock.now - cancelled, seen)
        }
    }
}
