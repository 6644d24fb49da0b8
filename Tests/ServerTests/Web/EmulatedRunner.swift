import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Drives jobs through the real runner protocol over HTTP, as a runner node would.
struct EmulatedRunner {
    let server: TestServer

    /// A runner that has registered the test capacity, so submissions for it are accepted.
    init(server: TestServer) async throws {
        self.server = server
        try await server.runner.register(TestServer.capacity)
    }

    /// Takes the next job (which must be `expected`).
    func take(_ expected: Int64) async throws {
        let assignment = try #require(try await server.runner.take(wait: 5))
        #expect(assignment.job.id == expected)
    }

    func log(_ id: Int64, _ task: String?, _ text: String) async throws {
        try await server.runner.appendLog(id, task: task, Data(text.utf8))
    }

    func task(_ id: Int64, _ task: String, _ status: TaskStatus) async throws {
        try await server.runner.updateTask(id, task: task, status: status)
    }
}

extension SubmitRequest {
    /// A public three-task job whose note, tags and manifest carry markup that must stay text.
    static func web(note: String, tags: [String], visibility: Visibility = .public) -> SubmitRequest {
        SubmitRequest(
            manifest: """
                image: debian/stable
                # <script>document.title='pwned-manifest'</script>
                tasks:
                  - build: |
                      make
                  - test: |
                      make check
                  - package: |
                      make dist
                """,
            note: note,
            tags: tags,
            visibility: visibility
        )
    }
}

extension WebPagesBrowserTests {
    /// Leases long enough that a slow, shared machine never takes a job back from the emulated
    /// runner mid-test (it does not heartbeat).
    static func patientLeases(_ configuration: inout APIServer.Configuration) {
        configuration.leaseDuration = .seconds(600)
    }
}

extension WebAccessTests {
    /// See ``WebPagesBrowserTests/patientLeases(_:)``.
    static func patientLeases(_ configuration: inout APIServer.Configuration) {
        WebPagesBrowserTests.patientLeases(&configuration)
    }
}
