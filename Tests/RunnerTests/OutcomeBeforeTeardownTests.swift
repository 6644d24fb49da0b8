import Foundation
import HckCore
import Images
import Manifest
import NIOCore
import Testing

@testable import Runner

/// A job's outcome is reported before its VM is torn down, and the VM is still destroyed before
/// `run` returns. A driver whose VM never answers SSH (nothing listens on its port) stands in
/// for libvirt: the job fails waiting for SSH, with a VM to destroy.
@Suite struct OutcomeBeforeTeardownTests {
    @Test func theOutcomeComesBeforeTheTeardownAndRunReturnsAfterIt() async throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("outcome-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.fakeImage(in: root)
        let journal = Journal()
        var configuration = RunnerConfiguration(
            imageStore: ImageStore(root: root),
            workDirectory: root.appendingPathComponent("jobs")
        )
        configuration.sshSettleTimeout = .milliseconds(300)
        let runner = JobRunner(driver: SilentDriver(journal: journal), configuration: configuration)
        let manifest = try Manifest.parse("image: debian/bookworm\ntasks:\n  - build: make\n", file: "t.yml").manifest

        let outcome = await runner.run(
            JobRequest(id: 7, manifest: manifest, url: "http://127.0.0.1/jobs/7"),
            events: JournalEvents(journal: journal)
        )

        #expect(outcome.status == .failed)
        #expect(await journal.entries == ["status running", "status failed", "ended failed", "destroyed"])
    }

    /// An image folder with empty boot files: enough for the runner to plan the job.
    static func fakeImage(in root: URL) throws {
        let folder = root.appendingPathComponent("debian/bookworm/amd64")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["root.qcow2", "vmlinuz", "initrd.img"] {
            FileManager.default.createFile(atPath: folder.appendingPathComponent(file).path, contents: Data())
        }
        let metadata = """
            {"name": "debian/bookworm", "release": "bookworm", "arch": "amd64", "buildDate": "2026-01-01T00:00:00Z",
             "packageManager": "apt", "user": "build", "bootArguments": "console=ttyS0"}
            """
        try Data(metadata.utf8).write(to: folder.appendingPathComponent("image.json"))
    }
}

/// What happened, in order.
private actor Journal {
    private(set) var entries: [String] = []
    func add(_ entry: String) { entries.append(entry) }
}

private struct JournalEvents: JobEvents {
    let journal: Journal
    func setupLog(_ bytes: ByteBuffer) async {}
    func taskLog(_ task: String, _ bytes: ByteBuffer) async {}
    func taskStatusChanged(_ task: String, to status: TaskStatus) async {}
    func jobStatusChanged(to status: JobStatus) async { await journal.add("status \(status)") }
    func jobEnded(_ outcome: JobOutcome) async { await journal.add("ended \(outcome.status)") }
}

/// Boots nothing: its VM's SSH port is one nothing listens on.
private struct SilentDriver: VMDriver {
    let journal: Journal

    func start(_ spec: VMSpec) async throws -> any VirtualMachine {
        let hostKey = JobKey().authorizedKeyLine(comment: "silent")
        // A loopback port the kernel said was free a moment ago: connecting to it is refused.
        guard let port = PortAllocator.freePort() else { throw VMError(.noFreePort, "no free loopback port") }
        return SilentMachine(name: spec.domainName, sshPort: port, hostKey: hostKey, journal: journal)
    }

    func removeLeftovers() async throws -> Leftovers { Leftovers() }
}

private struct SilentMachine: VirtualMachine {
    let name: DomainName
    let sshPort: Int
    let hostKey: String
    let journal: Journal
    let createdAt = ContinuousClock.now
    let startDuration = Duration.zero
    let bootDuration = Duration.zero

    func destroy() async throws {
        // Slow on purpose: a teardown still running must not hold up the outcome.
        try await Task.sleep(for: .milliseconds(200))
        await journal.add("destroyed")
    }
}
