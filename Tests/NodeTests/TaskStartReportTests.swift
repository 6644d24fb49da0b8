import Client
import Foundation
import Manifest
import TestSupport
import Testing
import Wire

@testable import Node

/// A runner node tells the server that a task began before the task runs. Otherwise a runner lost
/// right after a task began (SIGKILLed, as ScaleTests does) left a server that found every task still
/// pending, queued the job again (``LeaseReaper``), and the task ran a second time on another runner.
@Suite struct TaskStartReportTests {
    @Test func aTaskStartIsOnTheServerWhenTheTaskIsLetRun() async throws {
        try await TestServer.withTakenJob(on: .sqlite) { server, assignment in
            let id = assignment.job.id
            // The task's header waits for more of the setup log; the start must not wait behind it.
            let limits = LogUplink.Limits(batchBytes: 1 << 20, bufferBytes: 4 << 20, flushInterval: .seconds(5))
            let uplink = LogUplink.forTests(server.runner, assignment, limits: limits)
            let events = ServerJobEvents(uplink: uplink) { _ in }
            try await uplink.sendAll {
                await uplink.append(.log(task: nil, Data("==> Running task build\n".utf8)))
                await events.taskStatusChanged("build", to: .running)
                let tasks = try? await server.alice.job(id).tasks
                #expect(
                    tasks?.first?.status == .running,
                    "the server has the start when the task may run: \(tasks ?? [])"
                )
            }
        }
    }
}
