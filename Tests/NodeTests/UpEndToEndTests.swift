import Client
import Crypto
import Foundation
import HckCore
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
    import Glibc
#endif

extension NodeVMTests {
    /// `hck up` as a user runs it, with a real job on a real VM (TCG): one VM, checked from every
    /// side, its guest isolated (a forward reached, the host's other ports, the API, the SSH
    /// gateway and a private test host not, packages from the mirror installed), its secret
    /// masked (printed whole, and in two writes a second apart) in the stored log, `--follow`,
    /// the page's event stream and the email that a real SMTP server (aiosmtpd) receives.
    @Suite struct UpEndToEndTests {
        static func manifest(hook: Int, probes: String) -> String {
            """
            image: debian/oldstable
            packages:
              - jq
            environment:
              GREETING: hello through the server
            artifacts:
              - out/result.txt
            tasks:
              - build: |
                  mkdir -p out
                  echo "$GREETING, job $JOB_ID" > out/result.txt
                  seq 1 3000 | sed 's/^/line /'
              - check: |
                  grep -q 'hello through' out/result.txt
                  jq -n '"installed from the mirror"'
              - isolation: |
            \(probes.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
              - masking: |
                  cat ~/token
                  set +x
                  value=$(head -1 ~/token)
                  printf 'OUT:SPLIT=%s' "${value:0:9}"; sleep 1; printf '%s\\n' "${value:9}"
            secrets:
              - token
            triggers:
              - action: webhook
                condition: always
                url: http://127.0.0.1:\(hook)/hook
              - action: email
                condition: always
                to: alice@example.com
            """
        }

        @Test func upRunsASubmittedJobOnAVMAndServesItsLogsArtifactsAndWebhook() async throws {
            let bed = try NodeTestBed()
            let port = try TestServer.freePort()
            let gatewayPort = try TestServer.freePort()
            let url = "http://127.0.0.1:\(port)"
            let smtp = try await SMTPSink.start()
            defer { smtp.stop() }
            let secret = "hck-secret-\(UUID().uuidString)"
            try await bed.cleaningUp {
                try await IsolationProbes.with(hostPorts: [port, gatewayPort]) { probes in
                    try await WebhookListener.with { listener in
                        let up = try await HckProcess(
                            [
                                "up", "--data", bed.directory.path("data"), "--listen", "127.0.0.1:\(port)", "--user",
                                "alice",
                                "--first-job-id", String(bed.firstJobID), "--ssh-listen", "127.0.0.1:\(gatewayPort)",
                                "--smtp-host", "127.0.0.1", "--smtp-port", String(smtp.port), "--smtp-security", "none",
                            ] + Self.keepingFailedVMs(bed.runnerArguments.filter { $0 != "--no-ssh" }) + probes.flags,
                            environment: bed.environment,
                            log: bed.directory.url.appendingPathComponent("up.log")
                        )
                        try await up.waitFor("registered with")
                        #expect(up.output.contains("hck up: serving \(url)"))
                        #expect(
                            up.output.contains(
                                "export HCK_URL=\(url) HCK_TOKEN=$(cat \(bed.directory.path("data"))/user.token)"
                            )
                        )
                        #expect(up.output.contains("debian/oldstable"), "the catalog's alias is offered: \(up.output)")
                        #expect(
                            up.output.contains(
                                "guests isolated: no connection to this host or private networks; allowed: probe at 10.0.2.2:\(probes.forwarded.port)"
                            ),
                            "\(up.output)"
                        )
                        #expect(try await IsolationProbes.tableInstalled())
                        let token = try String(contentsOfFile: bed.directory.path("data/user.token"), encoding: .utf8)
                            .trimmingCharacters(in: .whitespacesAndNewlines)
                        _ = try await APIClient(baseURL: URL(string: url)!, token: token).addSecret(
                            SecretRequest(
                                name: "token",
                                kind: .file,
                                path: "~/token",
                                value: Data("\(secret)\nline-two-\(secret)\n".utf8)
                            )
                        )
                        let manifest = bed.directory.path("build.yml")
                        try Self.manifest(hook: listener.port, probes: probes.script).write(
                            toFile: manifest,
                            atomically: true,
                            encoding: .utf8
                        )

                        let started = ContinuousClock.now
                        let submitted = try await bed.hck(["submit", manifest, "--follow"], url: url, token: token)
                        let elapsed = ContinuousClock.now - started
                        let id = try #require(
                            submitted.output.split(separator: "\n").first.flatMap {
                                Int64($0.dropFirst(4).prefix { $0.isNumber })
                            },
                            "no job line in: \(submitted.output)"
                        )
                        #expect(submitted.status == 0, "submit --follow: \(submitted.output)\nhck up:\n\(up.output)")
                        #expect(id >= bed.firstJobID, "--first-job-id \(bed.firstJobID) gave job \(id)")
                        #expect(submitted.output.contains("line 1\nline 2\n"))
                        #expect(submitted.output.contains("line 2999\nline 3000\n"))
                        #expect(submitted.output.hasSuffix("job \(id): success\n"))
                        let followed = submitted.output
                        let order = [
                            "==> Running task build", "+ mkdir -p out", "line 3000\n", "==> Running task check",
                            "+ grep -q",
                        ]
                        .map { followed.range(of: $0)?.lowerBound }
                        #expect(
                            order.allSatisfy { $0 != nil } && zip(order, order.dropFirst()).allSatisfy { $0! < $1! },
                            "each task's header comes right before its log: \(followed.suffix(600))"
                        )
                        print("hck up: job \(id) submitted, run and followed in \(elapsed)")

                        let alice = APIClient(baseURL: URL(string: url)!, token: token)
                        let job = try await alice.job(id)
                        #expect(job.status == .success)
                        #expect(up.output.contains("job \(id) taken (debian/oldstable, 4 task(s))"), "\(up.output)")
                        #expect(job.tasks.map(\.status) == [.success, .success, .success, .success])
                        let masking = String(
                            decoding: try await alice.log(id, task: "masking", offset: 0, wait: 0).data,
                            as: UTF8.self
                        )
                        #expect(
                            masking.contains("[MASKED]\n[MASKED]\n") && masking.contains("OUT:SPLIT=[MASKED]\n"),
                            "the file's lines, and the value printed in two writes a second apart, are masked: \(masking)"
                        )
                        let events = try await APIClient(baseURL: URL(string: url)!, token: nil).exchange(
                            "GET",
                            "/jobs/\(id)/events",
                            timeout: .seconds(30)
                        )
                        let stream = String(decoding: events.body, as: UTF8.self)
                        #expect(
                            stream.contains("OUT:SPLIT=[MASKED]"),
                            "the page's event stream: \(stream.suffix(2000))"
                        )
                        var mails: [[String: Any]] = []
                        for _ in 0..<100 where mails.isEmpty {
                            mails = try smtp.messages()
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        #expect(mails.count == 1, "the email trigger's message")
                        for (place, text) in [
                            ("the stored log", masking), ("--follow", submitted.output), ("the event stream", stream),
                            ("the email", mails.map { "\($0["data"] ?? "")" }.joined()),
                            ("hck up's log", up.output),
                        ] {
                            #expect(!text.contains(secret), "the secret shows in \(place)")
                        }
                        let isolation = try await alice.log(id, task: "isolation", offset: 0, wait: 0)
                        try await probes.check(String(decoding: isolation.data, as: UTF8.self))
                        let log = try await alice.log(id, task: "build", offset: 0, wait: 0)
                        let lines = String(decoding: log.data, as: UTF8.self).split(separator: "\n").filter {
                            $0.hasPrefix("line ")
                        }
                        #expect(
                            lines.map(String.init) == (1...3000).map { "line \($0)" },
                            "the task log is whole and in order"
                        )

                        let artifacts = try await alice.artifacts(id)
                        #expect(artifacts.map(\.name) == ["result.txt"])
                        let download = try await alice.exchange("GET", try #require(artifacts.first).url)
                        #expect(download.status == 200)
                        #expect(
                            String(decoding: download.body, as: UTF8.self) == "hello through the server, job \(id)\n"
                        )

                        var deliveries = listener.received.makeAsyncIterator()
                        let delivery = try #require(await deliveries.next())
                        let posted = try JSONDecoder.api.decode(JobView.self, from: delivery.body)
                        #expect(posted.id == id && posted.status == .success)
                        let key = try #require(
                            up.output.firstMatch(of: /signed with this Ed25519 public key .*: ([A-Za-z0-9+\/=]{44})/)
                                .map { String($0.1) },
                            "the key is in hck up's start-up log: \(up.output)"
                        )
                        let publicKey = try Curve25519.Signing.PublicKey(
                            rawRepresentation: try #require(Data(base64Encoded: key))
                        )
                        let signature = try #require(delivery.signature.flatMap { Data(base64Encoded: $0) })
                        #expect(
                            publicKey.isValidSignature(
                                signature,
                                for: delivery.body + Data((delivery.nonce ?? "").utf8)
                            )
                        )

                        let page = try await APIClient(baseURL: URL(string: url)!, token: nil).exchange(
                            "GET",
                            "/jobs/\(id)"
                        )
                        #expect(page.status == 200, "the job's page is public for an unlisted job's URL")
                        #expect(String(decoding: page.body, as: UTF8.self).contains("check"))
                        // The job's end is reported before its VM's teardown, which follows it.
                        let workFolder = bed.work.appendingPathComponent("jobs/\(id)").path
                        #expect(try await NodeTestBed.domainGone(of: id), "the job's VM is gone")
                        for _ in 0..<20 where FileManager.default.fileExists(atPath: workFolder) {
                            try await Task.sleep(for: .milliseconds(500))
                        }
                        #expect(!FileManager.default.fileExists(atPath: workFolder), "the job's work folder is gone")

                        let failedID = try await Self.aFailedJobEndsAtOnceWhileItsVMIsKept(
                            bed: bed,
                            url: url,
                            token: token,
                            smtp: smtp
                        )

                        up.signal(SIGTERM)
                        // A stopping runner does not wait out the failed job's kept VM (its keep is 600 s):
                        // with no SSH session open, the VM goes at once.
                        #expect(
                            await up.exitStatus(within: .seconds(180)) == 0,
                            "hck up stops cleanly on SIGTERM, without waiting out the keep:\n\(up.output)"
                        )
                        #expect(try await NodeTestBed.domains(of: failedID).isEmpty, "the kept VM went at the stop")
                        #expect(up.output.contains("runner node stopped"))
                        #expect(try await IsolationProbes.tableGoneUnlessHeld(), "hck up removed its table at stop")
                    }
                }
            }
        }

        /// The runner's arguments with failed jobs' VMs kept ten minutes.
        static func keepingFailedVMs(_ arguments: [String]) -> [String] {
            var arguments = arguments
            if let flag = arguments.firstIndex(of: "--failed-keep") { arguments[flag + 1] = "600s" }
            return arguments
        }

        /// A failed job, as builds.sr.ht reports it: `failed` and its email sent as soon as its task
        /// failed, `hck submit --follow` back with the connect command, while the VM is still kept
        /// and `hck ssh` gets in. Returns the job's id.
        static func aFailedJobEndsAtOnceWhileItsVMIsKept(
            bed: NodeTestBed,
            url: String,
            token: String,
            smtp: SMTPSink
        ) async throws -> Int64 {
            let manifest = bed.directory.path("broken.yml")
            try """
            image: debian/oldstable
            tasks:
              - broken: |
                  echo about to fail
                  false
              - never: |
                  echo never
            triggers:
              - action: email
                condition: failure
                to: alice@example.com
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
            let key = try await SSHKeyPair.make("ed25519", name: "alice-key", in: bed.directory.path(""))
            let alice = APIClient(baseURL: URL(string: url)!, token: token)
            _ = try await alice.addKey(key.publicLine)
            let mailsBefore = try smtp.messages().count

            let started = ContinuousClock.now
            let submitted = try await bed.hck(["submit", manifest, "--follow"], url: url, token: token)
            let returned = ContinuousClock.now
            let id = try #require(
                submitted.output.split(separator: "\n").first.flatMap { Int64($0.dropFirst(4).prefix { $0.isNumber }) },
                "no job line in: \(submitted.output)"
            )
            #expect(submitted.status == 1, "a failed job fails --follow: \(submitted.output)")
            #expect(
                submitted.output.contains(
                    /job \d+: failed; its VM is kept for SSH: ssh -t -p \d+ connect@127\.0\.0\.1 \d+\n$/
                ),
                "--follow ends with the status and the connect command: \(submitted.output.suffix(800))"
            )
            #expect(submitted.output.contains("about to fail"))
            let job = try await alice.job(id)
            #expect(job.status == .failed && job.tasks.map(\.status) == [.failed, .skipped])
            let ssh = try #require(job.ssh, "the API shows the kept VM's connect command")
            print("hck up: a failed job was submitted and followed to its end in \(returned - started)")

            // The email went out on the failure, not when the VM goes.
            var mails = try smtp.messages()
            for _ in 0..<100 where mails.count == mailsBefore {
                try await Task.sleep(for: .milliseconds(100))
                mails = try smtp.messages()
            }
            #expect(mails.count == mailsBefore + 1, "the failure email arrived while the VM is kept")
            #expect(
                mails.last.map { "\($0["data"] ?? "")" }?.contains("failed") == true,
                "\(String(describing: mails.last))"
            )

            // Still kept: hck status shows it, and hck ssh gets in through the runner's gateway.
            let status = try await bed.hck(["status", String(id)], url: url, token: token)
            #expect(status.output.contains("job \(id): failed") && status.output.contains("connect with: \(ssh)"))
            let knownHosts = bed.directory.path("known_hosts")
            let session = try await bed.hck(
                [
                    "ssh", String(id), "--identity", key.file, "--ssh-option", "UserKnownHostsFile=\(knownHosts)",
                    "--ssh-option", "StrictHostKeyChecking=accept-new", "--ssh-option", "BatchMode=yes",
                    "--ssh-option", "IdentitiesOnly=yes", "--", "echo in-the-kept-vm; exit 5",
                ],
                url: url,
                token: token
            )
            #expect(session.status == 5 && session.output.contains("in-the-kept-vm"), "\(session.output)")
            #expect(try await !NodeTestBed.domains(of: id).isEmpty, "the VM is still kept")
            // The runner sends the gateway's line with the job's log, a moment after the session: a
            // loaded CI host once read the log before it came.
            var log = ""
            let asked = ContinuousClock.now
            while true {
                log = String(decoding: try await alice.log(id, task: nil, offset: 0, wait: 0).data, as: UTF8.self)
                if log.contains("SSH session of ~alice") || ContinuousClock.now - asked > .seconds(30) { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(log.contains("SSH session of ~alice"), "the session is recorded after the job ended: \(log)")
            return id
        }
    }
}
