import Client
import Foundation
import HckCore
import HckMetrics
import Logging
import Manifest
import Node
import ServiceLifecycle
import TestSupport
import Testing

/// ``RunnerMetrics`` as Prometheus reads it, served by a real ``MetricsEndpoint`` on a loopback port.
@Suite struct RunnerMetricsTests {
    @Test(.timeLimit(.minutes(1))) func whatANodeRecordsIsServedAtMetricsWithItsTypesAndBuckets() async throws {
        let metrics = RunnerMetrics()
        let fresh = PrometheusText(metrics.registry.exposition())
        #expect(fresh.type(of: "hck_runner_vm_boot_seconds") == "histogram", "\(fresh)")
        #expect(fresh.type(of: "hck_runner_jobs_running") == "gauge")
        #expect(fresh.type(of: "hck_runner_jobs_finished_total") == "counter")
        #expect(fresh.type(of: "hck_runner_log_bytes_sent_total") == "counter")
        #expect(fresh["hck_runner_vm_boot_seconds_count"] == 0)
        for end in RunnerMetrics.JobEnd.allCases {
            #expect(fresh["hck_runner_jobs_finished_total{outcome=\"\(end.rawValue)\"}"] == 0, "\(end)")
        }

        metrics.jobStarted()
        metrics.jobStarted()
        metrics.vmBooted(in: .milliseconds(1500))
        metrics.vmBooted(in: .seconds(16))
        metrics.logSent(bytes: 700)
        metrics.logSent(bytes: 300)
        metrics.jobFinished(.init(reported: .success))
        metrics.jobFinished(.handedBack)
        metrics.jobLeft()

        let endpoint = try await MetricsEndpoint.bind(
            host: "127.0.0.1",
            port: 0,
            registry: metrics.registry,
            logger: Logger(label: "hck-test")
        )
        let group = ServiceGroup(
            services: [endpoint],
            gracefulShutdownSignals: [],
            cancellationSignals: [],
            logger: Logger(label: "hck-test")
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            let client = APIClient(baseURL: URL(string: "http://127.0.0.1:\(endpoint.port)")!, token: nil)
            let answer = try await client.exchange("GET", "/metrics")
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"] == MetricsRegistry.contentType)
            let served = PrometheusText(String(decoding: answer.body, as: UTF8.self))
            #expect(served["hck_runner_vm_boot_seconds_count"] == 2, "\(served)")
            #expect(served["hck_runner_vm_boot_seconds_sum"] == 17.5)
            #expect(served["hck_runner_vm_boot_seconds_bucket{le=\"1.0\"}"] == 0)
            #expect(served["hck_runner_vm_boot_seconds_bucket{le=\"2.0\"}"] == 1)
            #expect(served["hck_runner_vm_boot_seconds_bucket{le=\"20.0\"}"] == 2)
            #expect(served["hck_runner_vm_boot_seconds_bucket{le=\"+Inf\"}"] == 2)
            #expect(served["hck_runner_jobs_running"] == 1)
            #expect(served["hck_runner_jobs_finished_total{outcome=\"success\"}"] == 1)
            #expect(served["hck_runner_jobs_finished_total{outcome=\"handed_back\"}"] == 1)
            #expect(served["hck_runner_jobs_finished_total{outcome=\"failed\"}"] == 0)
            #expect(served["hck_runner_log_bytes_sent_total"] == 1000)

            let elsewhere = try await client.exchange("GET", "/")
            #expect(elsewhere.status == 404)
            #expect(String(decoding: elsewhere.body, as: UTF8.self).contains("serves GET /metrics"))
            #expect(try await client.exchange("POST", "/metrics").status == 405)
            // Graceful shutdown ends the endpoint (the time limit catches one that hangs).
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func anAddressInUseIsAnErrorThatNamesIt() async throws {
        let held = try LoopbackSocket.bind(listening: true)
        defer { held.close() }
        do throws(MetricsEndpointError) {
            _ = try await MetricsEndpoint.bind(
                host: "127.0.0.1",
                port: held.port,
                registry: MetricsRegistry(),
                logger: Logger(label: "hck-test")
            )
            Issue.record("bound a port another socket listens on")
        } catch {
            #expect(error.code == .listen)
            #expect(error.message.contains("cannot listen on 127.0.0.1:\(held.port) for /metrics"), "\(error)")
            #expect(error.message.contains("in use"), "the system's reason: \(error)")
        }
    }
}
