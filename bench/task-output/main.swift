// hck-bench-task-output: what a task that prints a lot costs the runner, against plain SSH (run
// by hand, not in CI). One job on one booted VM:
//   task:       a task printing M MiB (`yes LINE | head -c MM`) run the runner's way (the task shell,
//               the end-marker scan, every byte written to the task's log file), timed by the job's
//               state machine; the runner's resident memory is sampled as the bytes arrive;
//   plain ssh:  the same command through `ssh build@127.0.0.1 -p PORT`, its output thrown away
//               (a new connection: the key exchange is part of it, as in any one-off ssh);
//   ratios:     hck's throughput over plain ssh's, and the runner's memory growth during the task
//               against the bytes it carried (the goal: flat, whatever the size).
// Usage: swift run hck-bench-task-output [MiB] [IMAGE_ROOT]   (default 256, $HCK_IMAGE_DIR)
import BenchSupport
import Foundation
import Images
import Manifest
import Runner

let arguments = Array(CommandLine.arguments.dropFirst())
let mebibytes = arguments.first.flatMap(Int.init) ?? 256
let bench = try await BenchRunner(name: "task-output", imageRoot: arguments.count > 1 ? arguments[1] : nil)
defer { bench.remove() }
let (work, runner, id) = (bench.work, bench.runner, bench.jobID)

let command = "yes 'hck output benchmark: a line of log text, the kind a noisy build prints ........' | head -c \(mebibytes)M"
let manifest = try Manifest.parse(
    """
    image: debian/bookworm
    tasks:
      - settle: timeout 300 sudo systemctl is-system-running --wait || true
      - big: |
          set +x
          \(command)
    """,
    file: "bench.yml"
).manifest
let logs = try JobLogFiles(directory: work.appendingPathComponent("logs"))
let meter = OutputMeter(task: "big")
let baseline = PlainSSHStream(command: command, work: work)
print("job \(id): booting debian/bookworm; task big prints \(mebibytes) MiB (logs in \(logs.directory.path))")
let outcome = await runner.run(
    JobRequest(id: id, manifest: manifest, url: "file://\(work.path)"),
    events: JobEventsFanOut([logs, meter]),
    keepAlive: baseline
)
let size = (try? FileManager.default.attributesOfItem(atPath: logs.file(forTask: "big").path)[.size] as? Int) ?? 0
let expected = (mebibytes << 20) + "+ set +x\n".utf8.count  // the trace of the task's first line, then the output
guard outcome.tasks.allSatisfy({ $0.status == .success }), let taskTime = outcome.tasks.last?.duration,
    size == expected
else {
    print("the job did not run as it should: \(outcome.status) \(outcome.message ?? ""), log of \(size) bytes")
    exit(1)
}
guard let plain = await baseline.time else {
    print("the plain ssh run failed: \(await baseline.failure ?? "unknown")")
    exit(1)
}
let memory = await meter.memory
let hckRate = Double(mebibytes) / taskTime.inSeconds
let sshRate = Double(mebibytes) / plain.inSeconds
print(String(format: "task (hck): %d MiB in %.1f s, %.1f MiB/s, all %d bytes in the log file (the trace line and the output)", mebibytes, taskTime.inSeconds, hckRate, size))
print(String(format: "plain ssh:  %d MiB in %.1f s, %.1f MiB/s", mebibytes, plain.inSeconds, sshRate))
print(String(format: "ratio hck / plain ssh throughput: %.2f", hckRate / sshRate))
print(
    String(
        format: "runner memory: %.1f MiB resident when the task started, at most %.1f MiB while it ran (%d samples): growth %.1f MiB for %d MiB carried",
        memory.start, memory.peak, memory.samples, memory.peak - memory.start, mebibytes))
