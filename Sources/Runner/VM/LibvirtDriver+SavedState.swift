import Foundation
import HckCore
public import Images
import Logging
import Manifest

extension LibvirtDriver {
    /// The shape of the saved domain (its devices and the restore channel); raise it when hck
    /// changes them, so that states made before are made again. 2: the log channel
    /// (``TaskLogChannel``).
    static let savedStateFormat = 2
    /// How long the guest booted for a saved state may take to finish systemd's boot.
    static let savedStateBootTimeout: Duration = .seconds(900)

    /// The image's saved state for VMs like `spec`'s on this host, made first when it is missing or
    /// was made for another image, QEMU, libvirt or domain shape. Runners of one host share it:
    /// one makes it while the others wait (`saved-SHAPE.lock` beside the image). Each shape
    /// (accelerator, memory, vCPUs) has its own state (``SavedStateFiles``).
    /// - Throws: ``VMError`` (`savedState`) when the image's guest cannot be saved or making the
    ///   state failed.
    func savedState(for spec: VMSpec, accelerator: Accelerator) async throws -> SavedState {
        try await savedStateMadeIfNeeded(for: spec, accelerator: accelerator).state
    }

    /// ``savedState(for:accelerator:)``, saying whether this call made the state.
    private func savedStateMadeIfNeeded(for spec: VMSpec, accelerator: Accelerator) async throws -> (
        state: SavedState, made: Bool
    ) {
        let image = spec.image
        guard let argument = image.metadata.savedStateArgument else {
            throw VMError(
                .savedState,
                "\(image.directory.path) was built before saved states (rebuild it with `hck image build`)"
            )
        }
        let key = try await savedStateKey(for: spec, accelerator: accelerator)
        let files = image.savedStateFiles(for: key)
        if let state = usableState(files, key: key) { return (state, false) }
        let lock = try await OwnerLock.waiting(for: files.makingLock, atMost: Self.savedStateBootTimeout)
        defer { lock.release() }
        if let state = usableState(files, key: key) { return (state, false) }
        let why = files.state().map { $0.key.differences(from: key).joined(separator: ", ") } ?? "there is none"
        let shape = "\(key.accelerator), \(key.memoryMiB) MiB, \(key.cpus) vCPUs"
        logger.info("making the saved state of \(image.metadata.name) for \(shape) (\(why))")
        let state = try await makeSavedState(
            files,
            key: key,
            image: image,
            argument: argument,
            accelerator: accelerator
        )
        logger.info(
            "saved state of \(image.metadata.name) for \(shape) made in \(String(format: "%.1f", state.makeSeconds)) s"
        )
        return (state, true)
    }

    /// The image's saved state for VMs of this size on this host, made now when it is missing or
    /// stale (`hck image build` and `hck image save-state` make it ahead of the first job).
    /// - Parameters:
    ///   - image: the built image.
    ///   - memoryMiB: the VMs' memory.
    ///   - cpus: their vCPUs.
    /// - Returns: the state, and whether this call made it (not when another process of the host
    ///   made it meanwhile).
    /// - Throws: ``VMError`` (`savedState`) as ``savedState(for:accelerator:)``.
    public func prepareSavedState(of image: BuiltImage, memoryMiB: Int, cpus: Int) async throws -> (
        state: SavedState, made: Bool
    ) {
        let spec = VMSpec(
            jobID: "save",
            image: image,
            memoryMiB: memoryMiB,
            cpus: cpus,
            authorizedKey: "",
            consoleLog: URL(fileURLWithPath: "/dev/null"),
            boot: .restore
        )
        return try await savedStateMadeIfNeeded(for: spec, accelerator: await accelerator(for: image))
    }

    /// Deletes a saved state (after a failed restore), so the next job makes it again.
    /// - Parameters:
    ///   - state: the state.
    ///   - image: its image.
    func discardSavedState(_ state: SavedState, of image: BuiltImage) {
        try? FileManager.default.removeItem(at: image.savedStateFiles(for: state.key).record)
    }

    private func usableState(_ files: SavedStateFiles, key: SavedState.Key) -> SavedState? {
        guard let state = files.state(), state.key == key,
            FileManager.default.fileExists(atPath: files.memory.path),
            FileManager.default.fileExists(atPath: files.disk.path),
            FileManager.default.fileExists(atPath: files.domainXML.path)
        else { return nil }
        return state
    }

    private func savedStateKey(for spec: VMSpec, accelerator: Accelerator) async throws -> SavedState.Key {
        let disk = try spec.image.diskIdentity()
        let versions = try await connection.versions()
        return SavedState.Key(
            imageBuildDate: spec.image.metadata.buildDate,
            imageDiskBytes: disk.bytes,
            imageDiskModified: disk.modified,
            hypervisorVersion: versions.hypervisor,
            libvirtVersion: versions.library,
            accelerator: accelerator.rawValue,
            memoryMiB: spec.memoryMiB,
            cpus: spec.cpus,
            format: Self.savedStateFormat
        )
    }

    /// Boots the image with `argument` (no job key, no host key), waits for its guest to say that
    /// systemd has booted and it waits for a job, saves it, and puts the state in place.
    private func makeSavedState(
        _ files: SavedStateFiles,
        key: SavedState.Key,
        image: BuiltImage,
        argument: String,
        accelerator: Accelerator
    ) async throws -> SavedState {
        let fileManager = FileManager.default
        let work = files.makingDirectory
        try? fileManager.removeItem(at: work)
        try fileManager.createDirectory(
            at: work,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755]
        )
        defer { try? fileManager.removeItem(at: work) }
        let disk = work.appendingPathComponent("disk.qcow2")
        try await QemuImage.createOverlay(disk, backedBy: image.disk)
        let console = work.appendingPathComponent("console.log")
        let channel = work.appendingPathComponent("restore.sock")
        let name = "hck-save-\(UInt32.random(in: 0...UInt32.max))"
        let port = try await ports.allocate()
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await bootAndSave(
                DomainXML(
                    name: name,
                    accelerator: accelerator,
                    arch: image.arch ?? .amd64,
                    memoryMiB: key.memoryMiB,
                    cpus: key.cpus,
                    kernel: image.kernel.path,
                    initrd: image.initrd.path,
                    commandLine: "\(image.metadata.bootArguments) \(argument)",
                    disk: disk.path,
                    consoleLog: console.path,
                    sshPort: port,
                    restoreChannel: channel.path,
                    logChannel: TaskLogChannel.socket(in: work).path
                ),
                to: work.appendingPathComponent("memory.sav")
            )
            await ports.release(port)
        } catch {
            await ports.release(port)
            throw error
        }
        let state = SavedState(
            key: key,
            domainName: name,
            disk: disk.path,
            consoleLog: console.path,
            channel: channel.path,
            sshPort: port,
            madeAt: Date(),
            makeSeconds: (clock.now - start).inSeconds
        )
        try? fileManager.removeItem(at: console)
        try? fileManager.removeItem(at: channel)
        try? fileManager.removeItem(at: TaskLogChannel.socket(in: work))
        let memory = work.appendingPathComponent("memory.sav")
        try SaveFile.domainXML(in: memory).write(
            to: work.appendingPathComponent("domain.xml"),
            atomically: true,
            encoding: .utf8
        )
        try ImageMetadata.encoder.encode(state).write(to: work.appendingPathComponent("state.json"))
        try? fileManager.removeItem(at: files.directory)
        try fileManager.moveItem(at: work, to: files.directory)
        return state
    }

    /// Starts the domain, waits for its guest to say it waits for a job, and saves it to `file`.
    private func bootAndSave(_ xml: DomainXML, to file: URL) async throws {
        let name = xml.name
        let start = ContinuousClock.now
        _ = try await connection.createDomain(xml: xml.render())
        do {
            let log = ConsoleLog(file: URL(fileURLWithPath: xml.consoleLog))
            let connection = self.connection
            let ready = try await log.wait(
                until: start.advanced(by: Self.savedStateBootTimeout),
                stillRunning: { try await connection.isRunning(named: name) },
                found: { log.contains("hck-restore-ready") ? true : nil }
            )
            guard ready == true else {
                throw VMError(
                    .savedState,
                    "the guest booted for a saved state did not say it was ready within \(Self.savedStateBootTimeout); its console ends:\n\(log.tail())"
                )
            }
            try await connection.saveDomain(named: name, to: file.path)
        } catch {
            _ = try? await connection.destroyDomain(named: name)
            throw error
        }
    }
}
