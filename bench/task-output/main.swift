// hck-bench-task-output: what a task that prints a lot costs the runner, stage by stage, against
// plain SSH (run by hand, not in CI). One job on one booted VM, then one through `hck up`:
//   task:         a task printing M MiB (`yes LINE | head -c MM`) run the runner's way (the task
//                 shell on its terminal, its output through the VM's log channel, the end-marker
//                 scan, every byte written to the task's log file), timed by the job's state
//                 machine; the runner's resident memory is sampled as bytes arrive;
//   stages:       while the job keeps its VM, the same command through plain `ssh` (OpenSSH's own
//                 cipher, then AES-256-GCM and AES-128-GCM, the one hck's SSH asks for; then with
//                 `ssh -t -t`, builds.sr.ht's way, and on the task's terminal, script(1) in the guest),
//                 then through the job's SSH connection (the task output's path before the log
//                 channel): its own session channel only, the command on the task's terminal,
//                 + TaskEndScanner, + the log file;
//   uplink:       the same job through `hck up` (server on SQLite + runner node, one process on
//                 loopback): the server's time from the task's start to its whole log stored;
//                 and the same with the job's secrets masked (a fresh Ed25519 key, a file secret);
//   ratios:       each stage's throughput over plain ssh's, CPU seconds this process spent, and
//                 the memory growth during the task against the bytes carried (goal: flat).
// Usage: swift run -c release hck-bench-task-output [MiB] [IMAGE_ROOT] [--no-uplink] [--quick]
//        (--quick: of the stages, plain ssh only)
//        (default 256 MiB, $HCK_IMAGE_DIR; the uplink stage needs `hck` built next to this program;
//        `stdbuf -oL` in front shows the progress as it happens when the output goes to a file)
import BenchSupport
import Foundation
import Images
import Manifest
import Runner

let arguments = Array(CommandLine.arguments.dropFirst()).filter { !$0.hasPrefix("--") }
let withUplink = !CommandLine.arguments.contains("--no-uplink")
let quick = CommandLine.arguments.contains("--quick")
let mebibytes = arguments.first.flatMap(Int.init) ?? 256
let imageRoot = arguments.count > 1 ? arguments[1] : nil
let bench = try await BenchRunner(name: "task-output", imageRoot: imageRoot)
defer { bench.remove() }
let (work, runner, id) = (bench.work, bench.runner, bench.jobID)

let command =
    "yes 'hck output benchmark: a line of log text, the kind a noisy build prints ........' | head -c \(mebibytes)M"
let manifestText = """
    image: debian/bookworm
    tasks:
      - settle: timeout 300 sudo systemctl is-system-running --wait || true
      - big: |
          set +x
          \(command)
    """
let manifest = try Manifest.parse(manifestText, file: "bench.yml").manifest
let logs = try JobLogFiles(directory: work.appendingPathComponent("logs"))
let meter = OutputMeter(task: "big")
let stages = StageRuns(
    command: command,
    work: work,
    secrets: try await BenchSecrets.make(in: work),
    stages: quick ? [.plainSSH] : StageRuns.Stage.allCases
)
print("job \(id): booting debian/bookworm; task big prints \(mebibytes) MiB (logs in \(logs.directory.path))")
let outcome = await runner.run(
    JobRequest(id: id, manifest: manifest, url: "file://\(work.path)"),
    events: JobEventsFanOut([logs, meter]),
    keepAlive: stages
)
let taskLoad = StageRuns.loadAverage()
let size = (try? FileManager.default.attributesOfItem(atPath: logs.file(forTask: "big").path)[.size] as? Int) ?? 0
let expected = (mebibytes << 20) + "+ set +x\n".utf8.count  // the trace of the task's first line, then the output
guard outcome.tasks.allSatisfy({ $0.status == .success }), let taskTime = outcome.tasks.last?.duration,
    size == expected
else {
    print("the job did not run as it should: \(outcome.status) \(outcome.message ?? ""), log of \(size) bytes")
    exit(1)
}
if let failure = await stages.failure {
    print("a stage failed: \(failure)")
    exit(1)
}
let figures = await stages.figures
for figure in figures where figure.bytes >= 0 && figure.bytes != mebibytes << 20 {
    print("stage \(figure.stage.rawValue) carried \(figure.bytes) bytes, not \(mebibytes << 20)")
    exit(1)
}

var uplink: UplinkRun.Figures?
if withUplink {
    let hck = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hck")
        .path
    print("uplink: running the job through \(hck) up")
    do {
        uplink = try await UplinkRun(hck: hck, work: work, imageRoot: imageRoot, firstJobID: id * 10 + 1)
            .run(manifest: manifestText, task: "big")
    } catch {
        print("the uplink stage failed: \(error)")
    }
}

let plain = figures.first { $0.stage == .plainSSH }!
let plainRate = Double(mebibytes) / plain.time.inSeconds
func row(_ name: String, _ time: Duration, cpu: Double?, load: String) {
    let rate = Double(mebibytes) / time.inSeconds
    let cpuText = cpu.map { String(format: "%6.1f", $0) } ?? "     -"
    print(
        name.padding(toLength: 56, withPad: " ", startingAt: 0)
            + String(format: "%6.1f s %6.1f MiB/s %6.2f", time.inSeconds, rate, rate / plainRate) + "  " + cpuText
            + "  " + load
    )
}
print("\n\(mebibytes) MiB through each stage; ratio = throughput / plain ssh's; CPU = seconds of this process (+ ssh)")
print("stage".padding(toLength: 56, withPad: " ", startingAt: 0) + "   time   throughput  ratio    CPU  load")
for figure in figures { row(figure.stage.rawValue, figure.time, cpu: figure.cpu, load: figure.load) }
row("task (the runner's path: task shell, scanner, log file)", taskTime, cpu: await meter.cpu, load: taskLoad)
if let uplink {
    row("+ uplink to a real server (hck up, SQLite)", uplink.time, cpu: nil, load: uplink.load)
    print(
        String(
            format: "uplink: %d bytes stored; hck up's memory %.1f MiB when the task started, at most %.1f MiB after",
            uplink.logBytes,
            uplink.memory.start,
            uplink.memory.peak
        )
    )
}
if let logFile = figures.first(where: { $0.stage == .logFile }),
    let masked = figures.first(where: { $0.stage == .masked })
{
    // Wall time follows the host's load; the CPU this process spent is what masking adds to it.
    print(
        String(
            format:
                "secret masking (%d secret lines): %.2f of the unmasked throughput by wall time, %.2f by this process's CPU (%.1f s against %.1f s) (goal: at least 0.90)",
            BenchSecrets.lineCount(of: stages.secrets),
            logFile.time.inSeconds / masked.time.inSeconds,
            logFile.cpu / masked.cpu,
            masked.cpu,
            logFile.cpu
        )
    )
}
let memory = await meter.memory
let pieces = await meter.pieces
print(
    String(
        format: "the task's log came in %d pieces, %.1f KiB each on average",
        pieces,
        Double(mebibytes << 10) / Double(max(pieces, 1))
    )
)
print(
    String(
        format:
            "runner memory: %.1f MiB resident when the task started, at most %.1f MiB while it ran (%d samples): growth %.1f MiB for %d MiB carried",
        memory.start,
        memory.peak,
        memory.samples,
        memory.peak - memory.start,
        mebibytes
    )
)
