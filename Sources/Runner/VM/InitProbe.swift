import Foundation
import Images

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
    func timeToInit(_ image: BuiltImage, accelerator: Accelerator, deadline: Duration) async throws -> Duration? {
        let name = "\(DomainName.prefix)init-probe-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(
            at: workDirectory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755]
        )
        let console = workDirectory.appendingPathComponent("\(name).console")
        defer { try? FileManager.default.removeItem(at: console) }
        let arch = image.arch ?? .amd64
        let xml = DomainXML(
            name: name,
            accelerator: accelerator,
            arch: arch,
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
        guard let ended, log.contains(Self.marker) else { return nil }
        return ended - start
    }
}
