import Client
import Foundation
import Server
import Store
import TestSupport
import Testing
import Wire

/// The runners as operators see them: `GET /api/runners`, the /runners page, and lost runners.
@Suite(.postgresCluster) struct RunnersTests {
    @Test(arguments: StoreKind.allCases) func runnersShowWhatTheyOfferRunAndWhenTheyWereHeard(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let database = try await kind.serverDatabase()
        let configure: TestServer.Configure = { $0.database = database }
        try await TestServer.with(directory: dir, configure: configure) { server in
            #expect(try await server.anonymous.runners().isEmpty)
            var capacity = TestServer.capacity
            capacity.version = "9.8.7"
            capacity.slots = 2
            let registeredAt = Date()
            try await server.runner.register(capacity)
            let submitted = try await server.alice.submit(.hello())
            #expect(try await server.runner.take(wait: 20)?.job.id == submitted.id)

            let runner = try #require(try await server.anonymous.runners().first)
            #expect(runner.name == "r1" && runner.arches == ["x86_64"] && runner.images == ["debian/stable"])
            #expect(runner.slots == 2 && runner.runningJobs == [submitted.id])
            #expect(runner.version == "9.8.7" && runner.accelerator == "TCG" && !runner.kvm)
            #expect(!runner.lost)
            #expect(runner.lastHeardAt >= registeredAt.addingTimeInterval(-1), "heard at its take")

            let page = try await server.anonymous.exchange("GET", "/runners")
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(page.status == 200)
            for text in ["r1", "debian/stable", "x86_64", "9.8.7", "TCG", "/jobs/\(submitted.id)", "alive"] {
                #expect(html.contains(text), "the page shows \(text)")
            }
        }
    }

    @Test func aRunnerNotHeardFromForTwoLeasesIsLostUntilItIsHeardAgain() async throws {
        let dir = try TemporaryDirectory()
        let configure: TestServer.Configure = { $0.leaseDuration = .seconds(3) }
        try await TestServer.with(directory: dir, configure: configure) { server in
            let clock = ContinuousClock()
            let start = clock.now
            try await server.runner.register(TestServer.capacity)
            while try await server.anonymous.runners().first?.lost == false {
                try #require(clock.now - start < .seconds(120), "still not lost after 120 s")
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(clock.now - start >= .seconds(6), "lost only after two leases of silence")
            let page = try await server.anonymous.exchange("GET", "/runners")
            #expect(String(decoding: page.body, as: UTF8.self).contains("lost"))
            _ = try await server.runner.take(wait: 0)
            #expect(try await server.anonymous.runners().first?.lost == false, "a take is heard")
        }
    }
}
