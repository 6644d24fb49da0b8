import Foundation
import HckCore
import Images
import Manifest

extension SrhtStyleRun {
    /// QEMU's command line: 2 GiB and 2 vCPUs as hck's job VMs, the disk with `snapshot=on`, user
    /// networking with SSH on 127.0.0.1:`port`, the serial console into `console`.
    func qemuArguments(port: Int, kernelCommandLine: String, console: URL) -> [String] {
        [
            "-accel", accelerator, "-m", "2048", "-smp", "2", "-display", "none",
            "-serial", "file:\(console.path)",
            "-net", "nic,model=virtio", "-net", "user,hostfwd=tcp:127.0.0.1:\(port)-:22",
            "-device", "virtio-rng-pci",
            "-kernel", image.kernel.path, "-initrd", image.initrd.path, "-append", kernelCommandLine,
            "-drive", "file=\(image.disk.path),format=qcow2,media=disk,snapshot=on,if=virtio",
        ]
    }

    /// Each step's name and remote command: the packages, then every task.
    func commands() throws -> [(name: String, command: String)] {
        var steps: [(name: String, command: String)] = []
        if !manifest.packages.isEmpty {
            guard let packages = PackageManager(named: image.metadata.packageManager) else {
                throw JobBenchError(
                    .setup,
                    "the image's package manager \(image.metadata.packageManager) is not one hck knows"
                )
            }
            steps.append(("packages", packages.installCommand(manifest.packages)))
        }
        // ~/.buildenv as hck renders it (the manifest's environment after CI_NAME, JOB_ID, JOB_URL).
        let environment = BuildEnv.render(
            manifest,
            variables: AutomaticVariables(jobID: 1, jobURL: "file:///dev/null")
        )
        for task in manifest.tasks {
            steps.append((task.name, "bash -c " + (environment + "set -xe\n" + task.script).shellQuoted))
        }
        return steps
    }
}
