public import Foundation

/// A built image's saved state on one runner host: the image booted once to where its guest waits
/// for a job (systemd booted, no job key, no host key), then saved with libvirt's save. A job's VM
/// is restored from it instead of booted. It lives beside the image, one per domain shape
/// (``SavedStateFiles``):
/// `memory.sav` (libvirt's save file), `disk.qcow2` (a copy-on-write overlay on the image's disk,
/// as it was at the save; each job gets its own overlay on it) and `state.json` (this record,
/// written last). A rebuilt image replaces its folder, and the state with it.
public struct SavedState: Sendable, Hashable, Codable {
    /// What the state was made for: when any of it differs, the state is made again.
    public struct Key: Sendable, Hashable, Codable {
        /// The image's build date (`image.json`).
        public var imageBuildDate: Date
        /// The size of the image's disk, in bytes.
        public var imageDiskBytes: Int
        /// When the image's disk was last written, in seconds since 1970.
        public var imageDiskModified: Double
        /// QEMU's version (`major * 1_000_000 + minor * 1_000 + release`).
        public var hypervisorVersion: UInt
        /// libvirt's version, in the same form.
        public var libvirtVersion: UInt
        /// `kvm` or `tcg`.
        public var accelerator: String
        /// Guest memory in MiB.
        public var memoryMiB: Int
        /// Virtual CPUs.
        public var cpus: Int
        /// The shape of hck's saved domain (devices, channel); raised when hck changes it.
        public var format: Int

        /// Describes what a state is made for.
        public init(
            imageBuildDate: Date,
            imageDiskBytes: Int,
            imageDiskModified: Double,
            hypervisorVersion: UInt,
            libvirtVersion: UInt,
            accelerator: String,
            memoryMiB: Int,
            cpus: Int,
            format: Int
        ) {
            self.imageBuildDate = imageBuildDate
            self.imageDiskBytes = imageDiskBytes
            self.imageDiskModified = imageDiskModified
            self.hypervisorVersion = hypervisorVersion
            self.libvirtVersion = libvirtVersion
            self.accelerator = accelerator
            self.memoryMiB = memoryMiB
            self.cpus = cpus
            self.format = format
        }

        /// How this key differs from another, in words (for the log saying why a state is remade).
        /// - Parameter other: the key wanted now.
        public func differences(from other: Key) -> [String] {
            var words: [String] = []
            if imageBuildDate != other.imageBuildDate || imageDiskBytes != other.imageDiskBytes
                || imageDiskModified != other.imageDiskModified
            {
                words.append("the image changed")
            }
            if hypervisorVersion != other.hypervisorVersion { words.append("QEMU's version changed") }
            if libvirtVersion != other.libvirtVersion { words.append("libvirt's version changed") }
            if accelerator != other.accelerator || memoryMiB != other.memoryMiB || cpus != other.cpus
                || format != other.format
            {
                words.append("the domain's shape changed")
            }
            return words
        }
    }

    /// What it was made for.
    public var key: Key
    /// The saved domain's name, console file, channel socket and SSH port: each restore replaces
    /// them with the job's own.
    public var domainName: String
    /// The saved domain's disk (before the state's folder was renamed into place).
    public var disk: String
    /// The console file the saved domain wrote to.
    public var consoleLog: String
    /// The channel socket through which a restored guest receives the job's key, seed and clock.
    public var channel: String
    /// The saved domain's forwarded SSH port.
    public var sshPort: Int
    /// When it was made.
    public var madeAt: Date
    /// How long making it took (the boot, the wait for systemd, the save), in seconds.
    public var makeSeconds: Double

    /// Records a saved state.
    public init(
        key: Key,
        domainName: String,
        disk: String,
        consoleLog: String,
        channel: String,
        sshPort: Int,
        madeAt: Date,
        makeSeconds: Double
    ) {
        self.key = key
        self.domainName = domainName
        self.disk = disk
        self.consoleLog = consoleLog
        self.channel = channel
        self.sshPort = sshPort
        self.madeAt = madeAt
        self.makeSeconds = makeSeconds
    }
}

/// The files of one saved state of an image on this host. An image has one state per domain shape
/// (accelerator, memory, vCPUs), so runners of one host that give their VMs different sizes each
/// restore their own instead of making the one state again in turn; each lives beside the image in
/// `saved-ACCEL-MEMm-CPUSc/`.
public struct SavedStateFiles: Sendable, Hashable {
    /// The state's folder.
    public let directory: URL

    /// The files of the state made for `key`'s shape.
    public init(image: BuiltImage, key: SavedState.Key) {
        directory = image.directory.appendingPathComponent(
            "\(Self.prefix)\(key.accelerator)-\(key.memoryMiB)m-\(key.cpus)c"
        )
    }

    init(directory: URL) { self.directory = directory }

    /// What every state folder's name starts with.
    static let prefix = "saved-"

    /// libvirt's save file.
    public var memory: URL { directory.appendingPathComponent("memory.sav") }
    /// The state's disk: an overlay on the image's disk as it was at the save.
    public var disk: URL { directory.appendingPathComponent("disk.qcow2") }
    /// The saved domain's XML as libvirt saved it: each restore writes the job's own values into
    /// the save file's header starting from it (the header holds the last restore's).
    public var domainXML: URL { directory.appendingPathComponent("domain.xml") }
    /// The state's record, written last.
    public var record: URL { directory.appendingPathComponent("state.json") }
    /// Held while a restore rewrites the save file's header.
    public var headerLock: URL { directory.appendingPathComponent("memory.lock") }
    /// Held by the runner that makes the state while the others of the host wait.
    public var makingLock: URL { URL(fileURLWithPath: directory.path + ".lock") }
    /// Where the state is made before it is renamed into place.
    public var makingDirectory: URL { URL(fileURLWithPath: directory.path + ".new") }

    /// The state's record, or `nil` when there is none (or it cannot be read).
    public func state() -> SavedState? {
        guard let data = try? Data(contentsOf: record) else { return nil }
        return try? ImageMetadata.decoder.decode(SavedState.self, from: data)
    }
}

extension BuiltImage {
    /// The files of this image's saved state for `key`'s shape (which may not exist).
    public func savedStateFiles(for key: SavedState.Key) -> SavedStateFiles {
        SavedStateFiles(image: self, key: key)
    }

    /// Every saved state of this image on this host, newest first.
    public func savedStates() -> [SavedState] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return
            names
            .filter { $0.hasPrefix(SavedStateFiles.prefix) && !$0.hasSuffix(".lock") && !$0.hasSuffix(".new") }
            .compactMap { SavedStateFiles(directory: directory.appendingPathComponent($0)).state() }
            .sorted { $0.madeAt > $1.madeAt }
    }

    /// The image's part of a ``SavedState/Key``: its build date and its disk's size and time.
    /// - Throws: when the disk cannot be read.
    public func diskIdentity() throws -> (bytes: Int, modified: Double) {
        let attributes = try FileManager.default.attributesOfItem(atPath: disk.path)
        let bytes = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return (bytes, modified)
    }
}
