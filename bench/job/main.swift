// hck-bench-job: what one whole job costs, end to end, against a builds.sr.ht-style run of the same
// image (run by hand, not in CI). examples/hello.yml (a package, jq; two tasks; an artifact) runs
// in three forms, each timed by wall clock from its first process's start to its exit:
//   cold:           `hck run examples/hello.yml --boot cold --no-package-cache --artifacts DIR`
//                   (the `hck` built next to this program);
//   restored+warm:  `hck run examples/hello.yml --boot restore --artifacts DIR`, after one untimed
//                   warm-up run of the same (it makes the image's saved state when missing and fills
//                   the host's package cache);
//   srht-style:     the same image the way builds.sr.ht's worker runs a job: QEMU with the image's
//                   kernel, initrd and disk (snapshot=on), `ssh … echo hello world` once a second
//                   until it answers, then one `ssh -t -t` per step (packages, each task), one `scp`
//                   for the artifact, and QEMU killed (SrhtStyleRun.swift).
// It prints each form's time with the load average before and after it, then restored+warm / cold
// (goal: at most 0.4), cold / srht-style and restored+warm / srht-style (medians with --rounds N > 1).
// hck run's output and the srht-style run's ssh and QEMU output go to one log file per form and round
// in the work folder, which is printed and kept. A failing form prints which one failed, its exit
// status and the last 30 lines of its output, and the bench exits 1.
// Usage (as root, like `hck run`; from the checkout, or anywhere below it):
//   swift build -c release && .build/release/hck-bench-job [--image-dir DIR] [--rounds N]
// (images: --image-dir, else $HCK_IMAGE_DIR, else /var/cache/hck/images; HCK_BENCH_KVM=1 gives the
// srht-style QEMU KVM instead of TCG; `hck run` picks its own accelerator)
import BenchSupport
import Foundation

let work = URL(fileURLWithPath: "/var/tmp/hck-bench-job-\(ProcessInfo.processInfo.processIdentifier)")

do {
    let options = try JobBenchOptions(CommandLine.arguments.dropFirst())
    try await JobBench(options: options, work: work).run()
    say("(work folder kept: \(work.path))")
} catch {
    say("bench/job failed: \(error)")
    say("(work folder kept: \(work.path))")
    exit(1)
}
