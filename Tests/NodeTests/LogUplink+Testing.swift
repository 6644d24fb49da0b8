import Client
import Foundation
import Logging
import TestSupport
import Testing
import Wire

@testable import Node

extension LogUplink {
    /// An uplink of `assignment` through `client` (a runner's), with `limits`, metrics of its own
    /// and the tests' logger.
    static func forTests(_ client: APIClient, _ assignment: Assignment, limits: Limits) -> LogUplink {
        LogUplink(
            client: client,
            assignment: assignment,
            limits: limits,
            metrics: RunnerMetrics(),
            logger: .uplinkTests
        )
    }

    /// Runs the sender while `appending` queues items, then closes the uplink and waits until all was
    /// sent; the server must not have taken the job back.
    /// - Parameter appending: what the job reports.
    func sendAll(_ appending: @Sendable () async -> Void) async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.run() }
            await appending()
            await close()
        }
        #expect(lost == nil)
    }
}

extension Logger {
    /// The uplinks' logger in tests: errors only.
    static let uplinkTests = {
        var logger = Logger(label: "hck-test-uplink")
        logger.logLevel = .error
        return logger
    }()
}
