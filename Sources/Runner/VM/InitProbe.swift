import Foundation
import HckCore
import Images
import Manifest

/// Boots an image's kernel and initrd on its disk (read-only) with `init=/usr/bin/true`: the
/// kernel runs that init, which exits at once, so the kernel panics and the domain ends. The
/// time from the domain's start to that end is the floor of any boot of the image; the
/// accelerator probe uses the same boot to see whether a guest really runs.
struct InitProbe {
    /// What the kernel prints when its init exited: proof that it got as far as running init.
    static let marker = "Attempted to kill init"

    let connection: LibvirtConnection
    /// Where the probe's console log goes (deleted afterwards).
    let workDirectory: URL

    /// Boots once and waits for the kernel to have run init.
    /// - Parameters:
    ///   - image: the built image.
    ///   - accelerator: KVM or TCG.
    ///   - deadline: how long to wait.
    /// - Returns: the time from `virDomainCreateXML` to the domain's end, or `nil` when it did not
    ///   run init within the deadline.
    /// - Throws: ``LibvirtError`` when the domain cannot start.
    func timeToInit(_ image: BuiltImage, accelerator: Accelerator, deadline: Duration) async throws -> Duration? {
        try await measure(image, accelerator: accelerator, deadline: deadline).get()
    }

    /// Boots once and waits for the kernel to have run init, saying why when it did not.
    /// - Parameters:
    ///   - image: the built image.
    ///   - accelerator: KVM or TCG.
    ///   - deadline: how long to wait.
    /// - Returns: the time from `virDomainCreateXML` to the domain's end, or a ``VMError``
    ///   (`initProbe`) saying whether the kernel was still busy at the deadline or ended without
    ///   running init, with the console's last lines.
    /// - Throws: ``LibvirtError`` when the domain cannot start.
    func measure(
        _ image: BuiltImage,
        accelerator: Accelerator,
        deadline: Duration
    ) async throws -> Result<Duration, VMError> {
        let name = "\(DomainName.prefix)init-probe-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(
            at: workDirectory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755]
        )
        let console = workDirectory.appendingPathComponent("\(name).console")
        defer { try? FileManager.default.removeItem(at: console) }
        let xml = DomainXML(
            name: name,
            accelerator: accelerator,
            arch: image.arch ?? .amd64,
            memoryMiB: 1024,
            cpus: 2,
            kernel: image.kernel.path,
            initrd: image.initrd.path,
            commandLine: "\(image.metadata.bootArguments) ro init=/usr/bin/true panic=-1",
            disk: image.disk.path,
            readOnlyDisk: true,
            consoleLog: console.path,
            sshPort: nil
        )
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await connection.createDomain(xml: xml.render())
        let log = ConsoleLog(file: console)
        var ended: ContinuousClock.Instant?
        while clock.now - start < deadline {
            if try await !connection.isRunning(named: name) {
                ended = clock.now
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        _ = try? await connection.destroyDomain(named: name)
        guard let ended else {
            return .failure(
                VMError(
                    .initProbe,
                    "\(name) (\(accelerator)): the kernel had not run init after \(deadline), the domain was still running; the console ends:\n\(log.tail())"
                )
            )
        }
        guard log.contains(Self.marker) else {
            return .failure(
                VMError(
                    .initProbe,
                    "\(name) (\(accelerator)): the domain ended after \((ended - start).secondsText) without the kernel saying '\(Self.marker)'; the console ends:\n\(log.tail())"
                )
            )
        }
        return .success(ended - start)
    }
}
