// hck-bench-boot: how fast a built image boots under this host's accelerator (run by hand, not
// in CI). One run prints, measured in that run:
//   ssh ready:    virDomainCreateXML → the first `ssh build@127.0.0.1 true` that succeeds;
//   kernel→init:  virDomainCreateXML → the bare kernel+initrd has run init (`init=/usr/bin/true`);
//   ratio:        ssh ready / kernel→init (goal ≤ 1.5: almost nothing between init and SSH).
// Usage: swift run hck-bench-boot [IMAGE_FOLDER]   (default $HCK_IMAGE_DIR/debian/bookworm/amd64)
import Foundation
import Images
import Runner

let arguments = CommandLine.arguments.dropFirst()
let folder =
    arguments.first.map { URL(fileURLWithPath: $0) }
    ?? ImageStore.fromEnvironment().directory(name: "debian/bookworm", arch: .amd64)
let image = try BuiltImage(directory: folder)
let work = URL(fileURLWithPath: "/var/tmp/hck-bench-boot-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }

func seconds(_ duration: Duration) -> String {
    let (whole, fraction) = duration.components
    return String(format: "%.2f s", Double(whole) + Double(fraction) / 1e18)
}

let driver = try await LibvirtDriver(overlayRoot: work.appendingPathComponent("overlays"))
let accelerator = await driver.accelerator(for: image)
print("image: \(folder.path) (\(image.metadata.name) \(image.metadata.arch)), accelerator: \(accelerator)")

guard let toInit = try await driver.timeToInit(image) else {
    print("kernel→init: the kernel did not run init within the deadline")
    exit(1)
}
print("kernel→init: \(seconds(toInit))")

let key = work.appendingPathComponent("id_ed25519")
_ = try await ChildProcess.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key.path])
let spec = VMSpec(
    jobID: "bench-\(ProcessInfo.processInfo.processIdentifier)",
    image: image,
    authorizedKey: try String(contentsOf: key.appendingPathExtension("pub"), encoding: .utf8),
    consoleLog: work.appendingPathComponent("console.log")
)
let vm = try await driver.start(spec)
let knownHosts = work.appendingPathComponent("known_hosts")
try "[127.0.0.1]:\(vm.sshPort) \(vm.hostKey)\n".write(to: knownHosts, atomically: true, encoding: .utf8)
var ready: Duration?
while ContinuousClock.now - vm.createdAt < .seconds(300) {
    let status = try await ChildProcess.run(
        "/usr/bin/ssh",
        [
            "-i", key.path, "-p", "\(vm.sshPort)", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5",
            "-o", "UserKnownHostsFile=\(knownHosts.path)", "-o", "StrictHostKeyChecking=yes", "build@127.0.0.1", "true",
        ]
    )
    if status == 0 {
        ready = ContinuousClock.now - vm.createdAt
        break
    }
    try await Task.sleep(for: .milliseconds(100))
}
try await vm.destroy()
guard let ready else {
    print("ssh ready: never (see \(spec.consoleLog.path))")
    exit(1)
}
print("domain start (virDomainCreateXML): \(seconds(vm.startDuration))")
print("host key on the console: \(seconds(vm.bootDuration))")
print("ssh ready: \(seconds(ready))")
let ratio = Double(ready.components.seconds) + Double(ready.components.attoseconds) / 1e18
let floor = Double(toInit.components.seconds) + Double(toInit.components.attoseconds) / 1e18
print(String(format: "ratio ssh ready / kernel→init: %.2f (goal ≤ 1.5)", ratio / floor))
