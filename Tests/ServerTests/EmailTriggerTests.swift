import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Email triggers through a real SMTP server (aiosmtpd) on loopback.
@Suite(.serialized) struct EmailTriggerTests {
    static let triggers = """
        triggers:
          - action: email
            condition: failure
            to: Alice <alice@example.org>, ops@example.org
            cc: team@example.org
            in_reply_to: <patch-1@example.org>
          - action: email
            condition: success
            to: never@example.org
        """

    /// Runs a job whose first task fails, then returns the one email the sink received.
    func failedJobEmail(mail: SMTPConfiguration, sink: SMTPSink) async throws -> (message: [String: Any], job: JobView)
    {
        let dir = try TemporaryDirectory()
        let configure: TestServer.Configure = { $0.mail = SMTPClient(configuration: mail) }
        return try await TestServer.with(directory: dir, configure: configure) {
            server in
            try await server.runner.register(TestServer.capacity)
            var request = SubmitRequest.hello(triggers: Self.triggers)
            request.tags = ["hck", "ci"]
            let job = try await server.alice.submit(request)
            _ = try await server.runner.take(wait: 5)
            try await server.runner.updateTask(job.id, task: "build", status: .running)
            try await server.runner.updateTask(job.id, task: "build", status: .failed)
            _ = try await server.runner.finish(job.id, status: .failed)
            var messages: [[String: Any]] = []
            var recorded: [TriggerDelivery] = []
            for _ in 0..<100 where messages.isEmpty || recorded.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                messages = try sink.messages()
                recorded = try await server.alice.job(job.id).triggers
            }
            #expect(messages.count == 1)
            #expect(recorded.map(\.succeeded) == [true])
            #expect(recorded.first?.detail.hasPrefix("250") == true)
            return (try #require(messages.first), try await server.alice.job(job.id))
        }
    }

    @Test func aFailedJobSendsTheReferenceEmail() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let mail = SMTPConfiguration(host: "127.0.0.1", port: sink.port, security: .none, from: "hck@example.org")
        let (message, job) = try await failedJobEmail(mail: mail, sink: sink)
        #expect(message["mail_from"] as? String == "hck@example.org")
        #expect(message["rcpt_tos"] as? [String] == ["alice@example.org", "ops@example.org", "team@example.org"])
        let data = try #require(message["data"] as? String)
        #expect(data.contains("Subject: [hck/ci] build failed\r\n"))
        #expect(data.contains("To: alice@example.org, ops@example.org\r\n"))
        #expect(data.contains("Cc: team@example.org\r\n"))
        #expect(data.contains("In-Reply-To: <patch-1@example.org>\r\n"))
        #expect(data.contains("Job #\(job.id): failed"))
        #expect(data.contains("✗ build \(job.apiUrl)/tasks/build/log"))
        #expect(data.contains("- test \(job.apiUrl)/tasks/test/log"))
        #expect(data.contains("\(job.url)\r\n") || data.contains("\(job.url)\n"), "the email links the job's page")
        #expect(job.url.hasSuffix("/jobs/\(job.id)"))
    }

    @Test func starttlsIsUsedWhenConfigured() async throws {
        let certificates = try TemporaryDirectory()
        let cert = certificates.path("cert.pem")
        let key = certificates.path("key.pem")
        let made = try await ChildProcess.run([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", cert,
        ])
        #expect(made.status == 0, "openssl: \(made.output)")
        let sink = try await SMTPSink.start(certificate: cert, key: key)
        defer { sink.stop() }
        let mail = SMTPConfiguration(
            host: "localhost",
            port: sink.port,
            security: .starttls,
            from: "hck@example.org",
            trustRootsFile: cert
        )
        let (message, _) = try await failedJobEmail(mail: mail, sink: sink)
        #expect(message["tls"] as? Bool == true)
        #expect((message["data"] as? String)?.contains("Subject: [hck/ci] build failed") == true)
    }
}
