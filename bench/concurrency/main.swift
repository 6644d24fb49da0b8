// hck-bench-concurrency: several jobs at once on one host through `hck up` (run by hand, not in
// CI). It starts `hck up` (the `hck` built next to this program: the server on SQLite and a runner
// node with one slot per job, in a work folder under /var/tmp), submits N small jobs at the same
// moment with N `hck submit` processes (each: image debian/bookworm, packages [jq], a task printing
// the job's number and `jq --version`, a task `sleep 20`), polls `hck status` once a second until
// every job ended, and prints:
//   the wall time from the first submit to the last job seen ended (to within the 1 s polling);
//   each job's status, and "none lost" when all succeeded, else which were lost or failed;
//   the peak memory, sampled every second: the resident memory (VmRSS) of the jobs' QEMU processes
//   together with `hck up`'s, its peak, and the peak per VM (the QEMU total over the number of QEMU
//   processes at that moment); whether KSM is on, and how many pages it shared at most.
// `hck up` is stopped with SIGTERM at the end (SIGKILL after 60 s); its log and data stay in the
// work folder, which is printed. Exits 1 when a job was lost or failed, or `hck up` failed.
// Usage (as root, like `hck up` with guest isolation):
//   swift build -c release && .build/release/hck-bench-concurrency [--jobs N] [--image-dir DIR]
// (default 4 jobs; images: --image-dir, else what `hck up` finds by itself: $HCK_IMAGE_DIR, …)
import BenchSupport
import Foundation

let work = URL(fileURLWithPath: "/var/tmp/hck-bench-concurrency-\(ProcessInfo.processInfo.processIdentifier)")

do {
    let options = try ConcurrencyOptions(CommandLine.arguments.dropFirst())
    let allSucceeded = try await ConcurrencyBench(options: options, work: work).run()
    say("(work folder kept: \(work.path))")
    if !allSucceeded { exit(1) }
} catch {
    say("bench/concurrency failed: \(error)")
    say("(work folder kept: \(work.path))")
    exit(1)
}
