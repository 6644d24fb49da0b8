public import Foundation
import Images
public import Runner

/// What the VM benchmarks share: a work folder under /var/tmp (QEMU must reach the overlays) and a
/// runner that keeps each job's VM after its tasks, so the benchmark's keep-alive hook can take
/// its baseline on the same VM.
public struct BenchRunner: Sendable {
    /// The work folder, removed by ``remove()``.
    public let work: URL
    /// The runner.
    public let runner: JobRunner
    /// The job's id (this process's id: domain names are global to the host).
    public let jobID: Int64

    /// A runner for a benchmark.
    /// - Parameters:
    ///   - name: the benchmark's name, part of the work folder's.
    ///   - imageRoot: where the images are, or nil for `$HCK_IMAGE_DIR`.
    public init(name: String, imageRoot: String?) async throws {
        let store = imageRoot.map { ImageStore(root: URL(fileURLWithPath: $0)) } ?? ImageLocations().imageStore
        jobID = Int64(ProcessInfo.processInfo.processIdentifier)
        work = URL(fileURLWithPath: "/var/tmp/hck-bench-\(name)-\(jobID)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        var configuration = RunnerConfiguration(imageStore: store, workDirectory: work.appendingPathComponent("jobs"))
        configuration.keepAlways = .seconds(30 * 60)
        let driver = try await LibvirtDriver(overlayRoot: work.appendingPathComponent("overlays"))
        runner = JobRunner(driver: driver, configuration: configuration)
    }

    /// Deletes the work folder.
    public func remove() {
        try? FileManager.default.removeItem(at: work)
    }
}
