import API
import Foundation
import Manifest
import Testing

/// A real runner node (`hck runner`, built next to this test bundle) serving a test server: jobs
/// run in real VMs from the image in $HCK_IMAGE_DIR (TCG, as the KVM probe is the runner tests' business).
enum RunnerNodeProcess {
    /// Where built images are, as the runner tests find them.
    static let imageRoot =
        ProcessInfo.processInfo.environment["HCK_IMAGE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        ?? "/var/cache/hck-dev/images"
    /// The checkout's image catalog (this file is Tests/APITests/Support/RunnerNodeProcess.swift).
    static let catalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("images").path

    /// Runs `body` with a server on `directory` and a node serving it (failed jobs keep their VM for
    /// 15 s; its SSH gateway listens on the port passed to `body`); then stops the node (SIGTERM),
    /// destroys any VM of the test's jobs a failure left, and removes the node's work folder. The
    /// node's output is attached to a failure.
    ///
    /// Job ids start at a random point: they name libvirt domains (`hck-job-<id>`), which are global
    /// to the host, and other tests on this machine run jobs too.
    static func withServer(
        directory: TemporaryDirectory,
        _ body: (TestServer, _ sshPort: Int) async throws -> Void
    ) async throws {
        #expect(
            FileManager.default.fileExists(atPath: "\(imageRoot)/debian/bookworm/amd64/image.json"),
            "debian/bookworm is not built in \(imageRoot) (set HCK_IMAGE_DIR or run `make image`)"
        )
        let firstJobID = Int64.random(in: 10_000_000..<40_000_000)
        // The SSH gateway beside the node gets a port of its own (its default, 2222, is shared by everyone).
        let sshPort = try TestServer.freePort()
        // Under /var/tmp: QEMU runs as another user and must reach the overlays.
        let work = "/var/tmp/hck-web-test-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        var environment = ProcessInfo.processInfo.environment
        environment["HCK_ACCELERATOR"] = "tcg"
        environment["XDG_CONFIG_HOME"] = "/nonexistent"
        let result: Result<Void, any Error>
        do {
            result = .success(
                try await TestServer.with(directory: directory, configure: { $0.firstJobID = firstJobID }) { server in
                    let process = try BackgroundProcess(
                        CommandLineTests.binary,
                        [
                            "runner", "--server", server.url.absoluteString, "--token", server.runner.token!,
                            "--image-dir", imageRoot, "--catalog", catalog, "--work-dir", work, "--memory", "1024",
                            "--ssh-listen", "127.0.0.1:\(sshPort)", "--failed-keep", "15s",
                        ],
                        environment: environment
                    )
                    do {
                        try await body(server, sshPort)
                    } catch {
                        Issue.record("hck runner's output:\n\(process.output.suffix(8000))")
                        await process.stop()
                        throw error
                    }
                    let status = await process.stop()
                    #expect(status == 0, "hck runner did not stop cleanly:\n\(process.output.suffix(4000))")
                }
            )
        } catch {
            result = .failure(error)
        }
        for id in firstJobID..<firstJobID + 10 {
            _ = try? await ChildProcess.run(["virsh", "-c", "qemu:///system", "destroy", "hck-job-\(id)"])
        }
        try result.get()
    }
}

extension APIClient {
    /// The job's final status, polled each second for at most `limit`.
    func waitUntilFinal(_ id: Int64, within limit: Duration) async throws -> JobStatus {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let status = try await job(id).status
            if status.isFinal { return status }
            try await Task.sleep(for: .seconds(1))
        }
        throw Chromium.Failure(description: "job \(id) did not end within \(limit)")
    }
}
