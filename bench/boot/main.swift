// hck-bench-boot: how fast a built image boots under this host's accelerator (run by hand, not
// in CI). One run prints, measured in that run:
//   kernel→init:  virDomainCreateXML → the bare kernel+initrd has run init (`init=/usr/bin/true`);
//   host key:     virDomainCreateXML (or the restore) → the job VM printed its host key;
//   then HCK_BENCH_ROUNDS (5) rounds of a cold boot and a restore from the image's saved state
//   (made first when missing), each to the first `ssh build@127.0.0.1 true` with the job's key
//   that succeeds; the medians, restore / cold boot (goal: a restore usable in ≤ 3 s), and cold
//   boot / kernel→init.
// It also prints the host's load average before and after, since a busy host slows an emulated
// boot several times. A failure says which stage failed and why, with the console's last lines;
// the work folder (console log) is then kept.
// Usage: swift run hck-bench-boot [IMAGE_FOLDER]   (default $HCK_IMAGE_DIR/debian/bookworm/amd64)
import Foundation
import Images
import Runner

let folder =
    CommandLine.arguments.dropFirst().first.map { URL(fileURLWithPath: $0) }
    ?? ImageLocations().imageStore.directory(name: "debian/bookworm", arch: .amd64)
let work = URL(fileURLWithPath: "/var/tmp/hck-bench-boot-\(ProcessInfo.processInfo.processIdentifier)")

do {
    try await BootBench(folder: folder, work: work).run()
    try? FileManager.default.removeItem(at: work)
} catch {
    print("bench/boot failed: \(error)")
    print("(work folder kept: \(work.path))")
    exit(1)
}
