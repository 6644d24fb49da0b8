import Foundation
import Manifest
import Runner
import Testing

/// Whole jobs on real debian/bookworm VMs (TCG here): three full boots and one cut short, each
/// checking as much as it can. The first also installs every kind of secret and uses them. Needs the image in $HCK_IMAGE_DIR and libvirtd running.
@Suite(.serialized) struct JobRunnerVMTests {
    @Test func aJobInstallsClonesRunsAndCopiesOut() async throws {
        // `repositories:` with a key: an apt repository and its key server on loopback.
        let apt = try await LocalAptRepository.start()
        defer { apt.stop() }
        let bed = try await VMTestBed.make { $0.keyServer = apt.guestKeyServer }
        defer { bed.remove() }
        let git = try await LocalGitServer.start()
        defer { git.stop() }
        // The ssh_key secret logs into this server from the guest (10.0.2.2 is the host's loopback, an allowed forward).
        let sshKey = JobKey()
        let sshServer = try await LocalSSHServer.start(authorizing: sshKey, forcedCommand: "echo hck-ssh-secret-works")
        defer { sshServer.stop() }
        // Sources over SSH: git's and Mercurial's, from the host's git and hg behind sshd, with the same key.
        let cloneServer = try await LocalSSHServer.start(authorizing: sshKey)
        defer { cloneServer.stop() }
        let hgRepository = git.root.appendingPathComponent("hgrepo").path
        _ = try await runTool(
            "/bin/sh",
            [
                "-c",
                "hg init \(hgRepository) && echo 'from mercurial' > \(hgRepository)/hello.txt"
                    + " && hg -R \(hgRepository) commit -q -A -u test -m one",
            ]
        )
        let pgpKey = try await TestPGPKey.make()
        let id = Int64.random(in: 100_000..<999_999)
        let secretValue = "s3cret-\(UUID().uuidString)"
        let sshKeyID = UUID().uuidString
        let manifest = try bed.manifest(
            #"""
            image: debian/bookworm
            packages: [hello, hck-repo-test]
            repositories:
              hcktest: \#(apt.guestURL) hck main \#(apt.fingerprint)
            sources:
              - \#(git.guestURL("main.git"))#feature
              - tagged::\#(git.guestURL("main.git"))#v1.0
              - pinned::\#(git.guestURL("main.git"))#\#(git.latestCommit)
              - sshed::git+ssh://root@10.0.2.2:\#(cloneServer.port)\#(git.root.path)/main.git#feature
              - hg+ssh://root@10.0.2.2:\#(cloneServer.port)/\#(hgRepository)
            environment:
              QUOTED: it's a "quoted" value
              SPACED: "a  b   c"
              DOLLAR: "$HOME and ${PATH} and `id`"
              MULTI: "line one\nline two"
              LIST: [one, "two words", "$three"]
              NUMBER: 42
            artifacts:
              - out/artifact.bin
              - missing.bin
            tasks:
              - env: |
                  printf 'OUT:QUOTED=<%s>\n' "$QUOTED"
                  printf 'OUT:SPACED=<%s>\n' "$SPACED"
                  printf 'OUT:DOLLAR=<%s>\n' "$DOLLAR"
                  printf 'OUT:MULTI=<%s>\n' "$MULTI"
                  for item in "${LIST[@]}"; do printf 'OUT:ITEM=<%s>\n' "$item"; done
                  printf 'OUT:NUMBER=<%s>\n' "$NUMBER"
                  echo "OUT:JOB_ID=$JOB_ID"
                  echo "OUT:PARENT=$(cat /proc/$PPID/comm) SHELL=$(cat /proc/$$/comm)"
                  echo "OUT:PID=$$"
                  echo "OUT:ON-STDERR" >&2
                  if [ -t 1 ] && [ -t 2 ]; then tty=yes; else tty=no; fi
                  echo "OUT:SIZE=$(stty size <&2)"
                  echo "OUT:TTY=$tty TERM=$TERM PAGER=$GIT_PAGER"
                  printf 'OUT:CRLF=a\r\nb\n'
                  echo "OUT:TERMINAL-OUTPUT=$(readlink /proc/$(pgrep -o -x script)/fd/1)"
                  echo "OUT:LOG-RULE=$(grep -c 'ATTR{name}=="org.hck.log", OWNER="build"' /etc/udev/rules.d/60-hck-log.rules)"
                  LEFTOVER=still-here
                  echo 'export PASSED=from-the-env-task' >> ~/.buildenv
              - check: |
                  echo "OUT:LEFTOVER=<${LEFTOVER:-unset}>"
                  echo "OUT:PID=$$"
                  echo "OUT:PASSED=<$PASSED>"
                  echo "OUT:HELLO=$(hello)"
                  echo "OUT:REPOSITORY=$(cat /usr/share/hck-repo-test/hello)"
                  echo "OUT:FEATURE=$(cat main/feature.txt)"
                  echo "OUT:SUB=$(cat main/lib/sub/sub.txt)"
                  echo "OUT:TAGGED=$(cat tagged/version.txt)"
                  echo "OUT:PINNED=$(cat pinned/version.txt) $(git -C pinned rev-parse HEAD)"
                  echo "OUT:SSH-CLONE=$(cat sshed/feature.txt)"
                  echo "OUT:HG=$(cat hgrepo/hello.txt)"
                  echo "OUT:SECRET=$(stat -c %a ~/secrets/token) $(sha256sum < ~/secrets/token | cut -d' ' -f1)"
                  echo "OUT:SSH-MODES=$(stat -c %a ~/.ssh) $(stat -c %a ~/.ssh/\#(sshKeyID)) $(readlink ~/.ssh/id_rsa)"
                  echo "OUT:SSH-LOGIN=$(ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p \#(sshServer.port) root@10.0.2.2)"
                  echo "OUT:GPG=$(gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" { print $10; exit }')"
                  mkdir -p out && head -c 300000 /dev/urandom > out/artifact.bin
                  echo "OUT:ARTIFACT=$(sha256sum < out/artifact.bin | cut -d' ' -f1)"
                  sudo groupadd hcktest && sudo usermod -aG hcktest build
              - groups: |
                  echo "OUT:GROUPS=$(id -nG)"
                  echo "OUT:GROUPS-PARENT=$(cat /proc/$PPID/comm)"
                  complete-build
                  echo "OUT:AFTER-COMPLETE"
              - skipped: |
                  echo "OUT:SKIPPED-RAN"
            """#
        )
        let secret = JobSecret(
            id: UUID().uuidString,
            name: "token",
            kind: .file(path: "~/secrets/token", mode: 0o640),
            value: Array(secretValue.utf8)
        )
        let secrets = [
            secret,
            JobSecret(
                id: sshKeyID,
                name: "deploy key",
                kind: .sshKey,
                value: Array(sshKey.openSSHPrivateKeyFile().utf8)
            ),
            JobSecret(id: UUID().uuidString, name: "signing key", kind: .pgpKey, value: Array(pgpKey.armored.utf8)),
        ]
        // The guest is isolated as a runner's guests are; the git and SSH servers are allowed forwards.
        let forwards = [
            try GuestForward(parsing: "git=127.0.0.1:\(git.port)"),
            try GuestForward(parsing: "ssh=127.0.0.1:\(sshServer.port)"),
            try GuestForward(parsing: "clones=127.0.0.1:\(cloneServer.port)"),
            try GuestForward(parsing: "apt=127.0.0.1:\(apt.port)"),
        ]
        let events = try bed.logs(id)
        let outcome = try await GuestIsolation.whileInstalled(forwards: forwards) {
            await bed.runner.run(
                JobRequest(id: id, manifest: manifest, url: "http://127.0.0.1/jobs/\(id)", secrets: secrets),
                events: events
            )
        }

        #expect(outcome.status == .failed)
        #expect(
            outcome.message?.contains("missing.bin") == true,
            "the failure names the missing artifact: \(outcome.message ?? "")"
        )
        #expect(
            outcome.tasks.map(\.status) == [.success, .success, .success, .skipped],
            "the setup log:\n\((try? bed.log(id, task: nil)) ?? "")"
        )
        #expect(try await bed.leftovers(of: id).isEmpty)

        let env = outputLines(try bed.log(id, task: "env"))
        #expect(env.contains(#"OUT:QUOTED=<it's a "quoted" value>"#))
        #expect(env.contains("OUT:SPACED=<a  b   c>"))
        #expect(env.contains("OUT:DOLLAR=<$HOME and ${PATH} and `id`>"))
        #expect(env.contains("OUT:MULTI=<line one"))
        #expect(try bed.log(id, task: "env").contains("\nline two>\n"), "a newline in a value")
        #expect(
            env.contains("OUT:ITEM=<one>") && env.contains("OUT:ITEM=<two words>") && env.contains("OUT:ITEM=<$three>")
        )
        #expect(env.contains("OUT:NUMBER=<42>"))
        #expect(env.contains("OUT:JOB_ID=\(id)"))
        #expect(
            env.contains("OUT:PARENT=bash SHELL=bash-static"),
            "a task is a static bash the job's task shell starts (no sudo, no channel of its own)"
        )
        #expect(env.contains("OUT:ON-STDERR"), "stderr is in the task log")
        #expect(
            env.contains("OUT:TTY=yes TERM=xterm-256color PAGER=cat"),
            "a task runs on a terminal, as builds.sr.ht's ssh -t, with cat as the pager"
        )
        #expect(env.contains("OUT:SIZE=24 80"), "the terminal is 80x24")
        #expect(
            env.contains { $0.hasPrefix("OUT:TERMINAL-OUTPUT=/dev/vport") },
            "the terminal's output goes to the VM's log channel, not through sshd"
        )
        #expect(env.contains("OUT:LOG-RULE=1"), "the image's udev rule gives the channel's device to the build user")
        let envLog = try bed.log(id, task: "env")
        #expect(
            envLog.contains("OUT:CRLF=a\r\nb\n") && envLog.contains("PAGER=cat\n") && !envLog.contains("PAGER=cat\r"),
            "the terminal leaves the bytes as written (no LF made CR LF, a CR kept)"
        )
        #expect(try bed.log(id, task: "env").contains("+ printf 'OUT:NUMBER=<%s>\\n' 42"), "the set -x trace")

        let check = outputLines(try bed.log(id, task: "check"))
        #expect(check.contains("OUT:LEFTOVER=<unset>"), "a task's shell variables are gone in the next")
        let pids = (env + check).filter { $0.hasPrefix("OUT:PID=") }
        #expect(pids.count == 2 && pids[0] != pids[1], "each task is a process of its own: \(pids)")
        #expect(
            check.contains("OUT:PASSED=<from-the-env-task>"),
            "~/.buildenv appended by one task is seen by the next"
        )
        #expect(check.contains("OUT:HELLO=Hello, world!"), "the package is installed")
        #expect(
            check.contains("OUT:REPOSITORY=from the repository"),
            "a package from a repository whose key came from the key server, its index checked"
        )
        #expect(check.contains("OUT:FEATURE=on the feature branch"), "a branch ref")
        #expect(check.contains("OUT:SUB=submodule content"), "the submodule")
        #expect(check.contains("OUT:TAGGED=v1"), "a tag ref")
        #expect(check.contains("OUT:PINNED=v2 \(git.latestCommit)"), "a commit ref")
        #expect(check.contains("OUT:SSH-CLONE=on the feature branch"), "git over SSH with the ssh_key secret")
        #expect(check.contains("OUT:HG=from mercurial"), "Mercurial over SSH")
        let secretSum = try await runTool("/bin/sh", ["-c", "printf %s '\(secretValue)' | sha256sum | cut -d' ' -f1"])
        #expect(check.contains("OUT:SECRET=640 \(secretSum.trimmingCharacters(in: .whitespacesAndNewlines))"))
        #expect(check.contains("OUT:SSH-MODES=700 600 \(sshKeyID)"), "the ssh key, its mode, and the default key link")
        #expect(check.contains("OUT:SSH-LOGIN=hck-ssh-secret-works"), "the guest's ssh logs in with the ssh_key secret")
        #expect(check.contains("OUT:GPG=\(pgpKey.fingerprint)"), "the pgp key is in build's keyring")

        let artifact = bed.work.appendingPathComponent("artifacts/artifact.bin")
        let artifactSum = try await runTool("/usr/bin/sha256sum", [artifact.path]).prefix(64)
        #expect(check.contains("OUT:ARTIFACT=\(artifactSum)"), "the artifact is copied byte for byte")
        #expect((try? FileManager.default.attributesOfItem(atPath: artifact.path)[.size] as? Int) == 300_000)

        let groups = outputLines(try bed.log(id, task: "groups"))
        #expect(groups.first?.contains("hcktest") == true, "a group added in one task is in effect in the next")
        #expect(groups.contains("OUT:GROUPS-PARENT=sudo"), "with new groups, the task starts through sudo")
        #expect(!groups.contains("OUT:AFTER-COMPLETE"))
        #expect(try bed.log(id, task: "skipped").isEmpty)

        let setup = try bed.log(id, task: nil)
        #expect(setup.contains("==> Installing packages"))
        #expect(setup.contains("$ git clone"))
        #expect(setup.contains("hck-host-key:"), "the boot console is in the setup log")
        for log in [setup] + ["env", "check", "groups"].map({ (try? bed.log(id, task: $0)) ?? "" }) {
            #expect(!log.contains(secretValue), "secret values never appear in logs")
            #expect(!log.contains("PRIVATE KEY"), "secret keys never appear in logs")
        }
    }

    @Test func aFailingCommandFailsItsTaskAndSkipsTheRest() async throws {
        let bed = try await VMTestBed.make()
        defer { bed.remove() }
        let id = Int64.random(in: 100_000..<999_999)
        let manifest = try bed.manifest(
            """
            image: debian/bookworm
            tasks:
              - first: echo OUT:FIRST
              - fails: |
                  echo OUT:BEFORE
                  false
                  echo OUT:AFTER
              - never: echo OUT:NEVER
            """
        )
        let outcome = await bed.runner.run(
            JobRequest(id: id, manifest: manifest, url: "http://127.0.0.1/jobs/\(id)"),
            events: try bed.logs(id)
        )
        #expect(outcome.status == .failed)
        #expect(outcome.message == "task fails failed")
        #expect(outcome.tasks.map(\.status) == [.success, .failed, .skipped])
        let fails = outputLines(try bed.log(id, task: "fails"))
        #expect(fails == ["OUT:BEFORE"])
        #expect(try bed.log(id, task: "never").isEmpty)
        #expect(try await bed.leftovers(of: id).isEmpty)
    }

    @Test func cancellingDuringALongTaskLeavesNoDomainOrOverlay() async throws {
        let bed = try await VMTestBed.make()
        defer { bed.remove() }
        let id = Int64.random(in: 100_000..<999_999)
        let manifest = try bed.manifest(
            """
            image: debian/bookworm
            tasks:
              - long: sleep 600
              - after: "true"
            """
        )
        let recorded = RecordedEvents()
        let events = JobEventsFanOut([try bed.logs(id), recorded])
        let (outcome, cancelTook, _) = await bed.runCancelled(
            JobRequest(id: id, manifest: manifest, url: "http://127.0.0.1/"),
            events: events
        ) {
            try? await recorded.waitUntilRunning("long")
            try? await Task.sleep(for: .seconds(2))
        }
        #expect(outcome?.status == .cancelled)
        #expect(outcome?.tasks.map(\.status) == [.failed, .skipped])
        #expect(cancelTook < .seconds(15), "the VM is gone within seconds")
        #expect(try await bed.leftovers(of: id).isEmpty)
        #expect(await recorded.jobStatuses == [.running, .cancelled])
    }

    /// A cancel while apt-get installs the packages ends the job `cancelled` within seconds, its
    /// tasks skipped, the VM gone.
    @Test func cancellingDuringPackageInstallationLeavesNoDomainOrOverlay() async throws {
        let bed = try await VMTestBed.make()
        defer { bed.remove() }
        let id = Int64.random(in: 100_000..<999_999)
        let manifest = try bed.manifest(
            "image: debian/bookworm\npackages: [hello]\ntasks:\n  - never: echo OUT:NEVER\n"
        )
        let recorded = RecordedEvents()
        let events = JobEventsFanOut([try bed.logs(id), recorded])
        let (outcome, cancelTook, setup) = await bed.runCancelled(
            JobRequest(id: id, manifest: manifest, url: "http://127.0.0.1/"),
            events: events
        ) {
            try? await recorded.waitForSetup("==> Installing packages")
            try? await Task.sleep(for: .seconds(1))
            return await recorded.setup
        }
        let installing = setup.components(separatedBy: "==> Installing packages").dropFirst().first ?? ""
        #expect(installing.contains("$ ") && !installing.contains("==>"), "cancelled while installing: \(setup)")
        #expect(try !bed.log(id, task: nil).contains("==> Running task"))
        #expect(outcome?.status == .cancelled)
        #expect(outcome?.tasks.map(\.status) == [.skipped])
        #expect(cancelTook < .seconds(15), "the VM is gone within seconds")
        #expect(try await bed.leftovers(of: id).isEmpty)
        #expect(try bed.log(id, task: "never").isEmpty)
    }

    /// The deadline ends a task that is running: the job times out, its VM is gone, and a task
    /// before it that left a process printing in the background did not wait for it.
    @Test func theDeadlineEndsARunningTaskAndBackgroundOutputDoesNotHoldATask() async throws {
        let bed = try await VMTestBed.make()
        defer { bed.remove() }
        let id = Int64.random(in: 100_000..<999_999)
        let manifest = try bed.manifest(
            """
            image: debian/bookworm
            tasks:
              - background: |
                  (sleep 25; echo OUT:LATE) &
                  echo OUT:STARTED
              - long: |
                  echo OUT:LONG
                  sleep 600
            """
        )
        let recorded = RecordedEvents()
        let events = JobEventsFanOut([try bed.logs(id), recorded])
        // Time for a loaded host's boot (80 s seen) and the background process's 25 s before it.
        let limit = Duration.seconds(150)
        let started = ContinuousClock.now
        let outcome = await bed.runner.run(
            JobRequest(id: id, manifest: manifest, url: "http://127.0.0.1/", timeout: limit),
            events: events
        )
        #expect(outcome.status == .timeout)
        #expect(outcome.tasks.map(\.status) == [.success, .failed], "the deadline came during the long task")
        #expect(ContinuousClock.now - started < limit + .seconds(20), "the job ends soon after its deadline")
        #expect(try await bed.leftovers(of: id).isEmpty)
        // Waiting for the background process would take 25 s; a loaded TCG guest takes a few
        // seconds for a task on its own (10.6 s seen at load 11).
        let background = try #require(outcome.tasks.first?.duration)
        #expect(
            background < .seconds(18),
            "the task did not wait for its background process: it took \(background.secondsText)"
        )
        #expect(outputLines(try bed.log(id, task: "background")) == ["OUT:STARTED"])
        #expect(try bed.log(id, task: "long").contains("+ sleep 600"))
        let late = try bed.log(id, task: "long") + bed.log(id, task: nil)
        #expect(late.contains("OUT:LATE"), "what the background process printed later is kept")
        #expect(await recorded.jobStatuses == [.running, .timeout])
    }

    /// The request's limit (a server's deadline) wins over the runner's longer one. The limit is one
    /// second: a VM restored from its saved state answers SSH about three seconds after it starts
    /// (and boots cold in twenty), so the deadline always comes before the first task; with six
    /// seconds a restored VM once ran the task in time and the job succeeded.
    @Test func theDeadlineTimesAJobOutEvenDuringBoot() async throws {
        let bed = try await VMTestBed.make { $0.jobTimeout = .seconds(3600) }
        defer { bed.remove() }
        let id = Int64.random(in: 100_000..<999_999)
        let manifest = try bed.manifest("image: debian/bookworm\ntasks:\n  - a: \"true\"\n")
        let started = ContinuousClock.now
        let request = JobRequest(id: id, manifest: manifest, url: "http://127.0.0.1/", timeout: .seconds(1))
        let outcome = await bed.runner.run(request, events: try bed.logs(id))
        #expect(outcome.status == .timeout)
        #expect(outcome.tasks.map(\.status) == [.skipped])
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(try await bed.leftovers(of: id).isEmpty)
    }
}
