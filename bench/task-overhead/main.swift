// hck-bench-task-overhead: what starting a task costs, against plain SSH (run by hand, not in CI).
// One job on one booted VM; measured in that run, after a first task has waited for the guest's
// systemd to finish booting (hck-init starts sshd before it, so early tasks share the CPU with it):
//   task:          N empty tasks (`true`) run the runner's way (JobRunner: the job's task shell on
//                  its one connection forks a fresh subshell per task, which reads the login profile
//                  and runs the script with its preamble), each timed by the job's state machine from
//                  `running` to its end, logs written;
//   bare channel:  N `true` commands on the job's connection (a session channel each, sshd's
//                  bash -c: what a channel per task would cost before its first byte);
//   plain ssh:     N `ssh build@127.0.0.1 -p PORT true` (a new connection each, key exchange and all);
//   ControlMaster: N `ssh … true` through an OpenSSH ControlMaster connection (off-the-shelf
//                  multiplexing);
//   ratios:        task / plain ssh (goal ≤ 0.08) and task / ControlMaster (goal < 1), by medians.
// The plain and multiplexed runs happen while the job keeps its VM after the tasks.
// Usage: swift run hck-bench-task-overhead [N] [IMAGE_ROOT]   (default 20, $HCK_IMAGE_DIR)
import BenchSupport
import Foundation
import Images
import Manifest
import Runner

let arguments = Array(CommandLine.arguments.dropFirst())
let count = arguments.first.flatMap(Int.init) ?? 20
let bench = try await BenchRunner(name: "task-overhead", imageRoot: arguments.count > 1 ? arguments[1] : nil)
defer { bench.remove() }
let (work, runner, id) = (bench.work, bench.runner, bench.jobID)

let settle = "  - settle: timeout 300 sudo systemctl is-system-running --wait || true"
let tasks = ([settle] + (1...count).map { "  - t\($0): \"true\"" }).joined(separator: "\n")
let manifest = try Manifest.parse("image: debian/bookworm\ntasks:\n\(tasks)\n", file: "bench.yml").manifest
let logs = try JobLogFiles(directory: work.appendingPathComponent("logs"))
let timings = SSHTimings(count: count, work: work)
print("job \(id): booting debian/bookworm and running \(count) empty tasks (logs in \(logs.directory.path))")
let outcome = await runner.run(
    JobRequest(id: id, manifest: manifest, url: "file://\(work.path)"),
    events: JobEventsFanOut([logs, BenchProgress()]),
    keepAlive: timings
)

let taskTimes = outcome.tasks.dropFirst().compactMap(\.duration)
guard outcome.tasks.allSatisfy({ $0.status == .success }), taskTimes.count == count else {
    print("the job did not run every task: \(outcome.status) \(outcome.message ?? "") (see \(logs.directory.path))")
    exit(1)
}
let plain = await timings.plain
let multiplexed = await timings.multiplexed
guard plain.count == count, multiplexed.count == count else {
    print("the ssh runs did not all succeed: \(await timings.failure ?? "unknown failure")")
    exit(1)
}
print(Summary(label: "task (hck, \(count) runs)", times: taskTimes).line)
print(Summary(label: "bare channel true", times: await timings.bare).line)
print(Summary(label: "plain ssh true", times: plain).line)
print(Summary(label: "ControlMaster ssh true", times: multiplexed).line)
let task = Summary(label: "", times: taskTimes).median
print(String(format: "ratio task / plain ssh: %.3f (goal ≤ 0.08)", task / Summary(label: "", times: plain).median))
print(
    String(format: "ratio task / ControlMaster: %.3f (goal < 1)", task / Summary(label: "", times: multiplexed).median)
)
