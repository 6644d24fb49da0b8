import Foundation
import Images

/// The accelerator probe's answers kept in a file for the rest of the host's boot, so each
/// `hck run` (a new process) does not boot a probe kernel again: under TCG a failing KVM probe
/// costs 1.5 s or more before every job.
///
/// An answer holds only for the ``Key`` it was found under: another host boot, another QEMU or
/// libvirt, or another owner or mode of `/dev/kvm` (`scripts/host-setup.sh` changes them) and
/// the probe runs again. The file lives under `/run`, which the host empties at boot anyway.
struct AcceleratorCache: Sendable {
    /// What an answer depends on.
    struct Key: Codable, Hashable, Sendable {
        /// `/proc/sys/kernel/random/boot_id`: new at every boot of the host.
        var bootID: String
        /// The hypervisor's version as libvirt reports it (QEMU 7.2.22 is 7002022).
        var qemuVersion: UInt
        /// libvirt's own version.
        var libvirtVersion: UInt
        /// `/dev/kvm`'s mode and owner (`"absent"` when there is none): who may open it decides
        /// whether QEMU can use KVM.
        var kvmDevice: String
    }

    /// The file's contents: the key and the answers found under it, by architecture.
    private struct Record: Codable {
        var key: Key
        var answers: [String: String]
    }

    /// Where the cache of processes started by root lives.
    static let defaultFile = URL(fileURLWithPath: "/run/hck/accelerator.json")

    /// The cache file.
    let file: URL

    /// The answer kept for an architecture under this key, if any.
    func answer(for arch: Architecture, key: Key) -> Accelerator? {
        guard let record = read(), record.key == key else { return nil }
        return record.answers[arch.rawValue].flatMap(Accelerator.init(rawValue:))
    }

    /// Keeps an answer; answers kept under another key are dropped.
    /// - Throws: when the file cannot be written (e.g. `/run` is not writable for this user).
    func record(_ answer: Accelerator, for arch: Architecture, key: Key) throws {
        var record = read().flatMap { $0.key == key ? $0 : nil } ?? Record(key: key, answers: [:])
        record.answers[arch.rawValue] = answer.rawValue
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(),
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Written whole and renamed into place: a process reading at the same time sees the old
        // file or the new one, never half of one.
        try encoder.encode(record).write(to: file, options: .atomic)
    }

    private func read() -> Record? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return try? JSONDecoder().decode(Record.self, from: data)
    }
}

extension AcceleratorCache.Key {
    /// This host's key now: its boot, the versions the libvirt connection reports, `/dev/kvm`.
    /// - Throws: ``LibvirtError`` when libvirt cannot say its versions.
    static func current(_ connection: LibvirtConnection) async throws -> Self {
        let versions = try await connection.versions()
        return Self(
            bootID: Self.bootID(),
            qemuVersion: versions.hypervisor,
            libvirtVersion: versions.library,
            kvmDevice: Self.device(atPath: "/dev/kvm")
        )
    }

    /// The host's boot id, or `"unknown"` (then every answer holds until QEMU or libvirt change).
    static func bootID(file: String = "/proc/sys/kernel/random/boot_id") -> String {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return id.isEmpty ? "unknown" : id
    }

    /// `"absent"`, or the file's mode (octal), owner and group, e.g. `"660 0:993"`.
    static func device(atPath path: String) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "absent" }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        let owner = (attributes[.ownerAccountID] as? NSNumber)?.intValue ?? -1
        let group = (attributes[.groupOwnerAccountID] as? NSNumber)?.intValue ?? -1
        return "\(String(mode, radix: 8)) \(owner):\(group)"
    }
}
