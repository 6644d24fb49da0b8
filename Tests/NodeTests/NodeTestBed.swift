import Client
import Foundation
import HckCore
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// The runner node's VM suites, run one after another: one TCG VM at a time.
@Suite(.serialized) enum NodeVMTests {}

/// What the runner-node tests share: the built image, a work folder QEMU can reach, job ids no
/// other test on this libvirt host uses, and helpers to look at libvirt and the API.
struct NodeTestBed {
    static let imageRoot =
        ProcessInfo.processInfo.environment["HCK_IMAGE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        ?? "/var/cache/hck-dev/images"
    /// The repository's image catalog.
    static let catalog = BuiltProducts.repository.appendingPathComponent("images").path

    let directory: TemporaryDirectory
    /// The runner's work folder (under /var/tmp: QEMU, another user, must reach the overlays).
    let work: URL
    /// The first job id of this test's server: VM names are global to the host.
    let firstJobID = Int64.random(in: 4_100_000_000..<4_200_000_000)

    init() throws {
        directory = try TemporaryDirectory()
        work = URL(fileURLWithPath: "/var/tmp/hck-node-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        #expect(
            FileManager.default.fileExists(atPath: "\(Self.imageRoot)/debian/bookworm/amd64/image.json"),
            "debian/bookworm is not built in \(Self.imageRoot) (set HCK_IMAGE_DIR or run `make image`)"
        )
    }

    /// The environment every hck process of the test gets: the image store, TCG (the KVM probe
    /// is the accelerator tests' business), no user config file.
    var environment: [String: String] {
        ["HCK_IMAGE_DIR": Self.imageRoot, "HCK_ACCELERATOR": "tcg", "XDG_CONFIG_HOME": "/nonexistent"]
    }

    /// The runner options of the tests: VMs in the test's work folder, no SSH gateway (its
    /// port would be shared with other tests), no VM kept after a failure, and no package cache (the
    /// host's one would be shared with other tests, and stops with the runner that started it).
    var runnerArguments: [String] { runnerArguments(workDirectory: work) }

    /// The same options for a runner working in its own folder (several runners of one test).
    func runnerArguments(workDirectory: URL) -> [String] {
        [
            "--work-dir", workDirectory.path, "--cpus", "2", "--catalog", Self.catalog, "--no-ssh",
            "--failed-keep", "0s", "--no-package-cache",
        ]
    }

    /// `hck ARGUMENTS` run to its end with the server's URL and a token.
    func hck(_ arguments: [String], url: String, token: String) async throws -> (status: Int32, output: String) {
        try await ChildProcess.run(
            try BuiltProducts.hck,
            arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }
                .merging(["HCK_URL": url, "HCK_TOKEN": token]) { $1 }
        )
    }

    /// The libvirt domains named like the job's VM.
    static func domains(of job: Int64) async throws -> [String] {
        let listed = try await ChildProcess.run(["virsh", "-c", "qemu:///system", "list", "--all", "--name"])
        return listed.output.split(separator: "\n").map(String.init).filter { $0 == "hck-job-\(job)" }
    }

    /// Destroys the job's VM, if it has one (job VMs are transient: nothing is left defined).
    static func destroyDomain(of job: Int64) async {
        guard (try? await domains(of: job).isEmpty) == false else { return }
        _ = try? await ChildProcess.run(["virsh", "-c", "qemu:///system", "destroy", "hck-job-\(job)"])
    }

    /// Whether the job's domain is gone within `timeout`: a job's end is reported before its VM's
    /// teardown, which follows it.
    static func domainGone(of job: Int64, within timeout: Duration = .seconds(60)) async throws -> Bool {
        let giveUp = ContinuousClock.now + timeout
        while try await !domains(of: job).isEmpty {
            guard ContinuousClock.now < giveUp else { return false }
            try await Task.sleep(for: .milliseconds(500))
        }
        return true
    }

    /// Polls the job until `done` holds or `timeout` passes; returns the last view.
    static func wait(
        for id: Int64,
        on client: APIClient,
        timeout: Duration = .seconds(300),
        until done: (JobView) -> Bool
    ) async throws -> JobView {
        let deadline = ContinuousClock.now + timeout
        var job = try await client.job(id)
        while !done(job), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
            job = try await client.job(id)
        }
        return job
    }

    /// Runs `body`, then destroys any VM of this test's first `jobs` jobs that a failure (or a killed
    /// runner) left and deletes the work folder.
    func cleaningUp(jobs: Int64 = 10, _ body: () async throws -> Void) async throws {
        let result: Result<Void, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        for id in firstJobID..<firstJobID + jobs { await Self.destroyDomain(of: id) }
        try? FileManager.default.removeItem(at: work)
        try result.get()
    }
}
