import Foundation
import HckCore

#if canImport(Glibc)
    import Glibc
#endif

/// The user libvirt runs QEMU as (`user = "…"` in /etc/libvirt/qemu.conf; Debian's default is
/// `libvirt-qemu`): every socket a guest's traffic leaves the host through is that user's.
struct QEMUUser: Sendable, Equatable {
    /// Its name, as the configuration writes it.
    var name: String
    var uid: UInt32
    var gid: UInt32

    /// libvirt's configuration of its QEMU driver.
    static let configurationFile = "/etc/libvirt/qemu.conf"
    /// Debian's libvirt runs QEMU as this user when qemu.conf names none.
    static let debianDefault = "libvirt-qemu"

    /// The user that qemu.conf's text names (`user = "NAME"` or `"+UID"`), else Debian's default.
    static func configuredName(in configuration: String) -> String {
        for line in configuration.split(separator: "\n") {
            let words = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard words.count == 2, words[0] == "user" else { continue }
            return words[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return debianDefault
    }

    /// Looks up the user that libvirt on this host runs QEMU as.
    /// - Throws: ``GuestIsolationError`` (`qemuUser`) when there is no such user, or it is root.
    static func configured() throws(GuestIsolationError) -> QEMUUser {
        let text = (try? String(contentsOfFile: configurationFile, encoding: .utf8)) ?? ""
        let name = configuredName(in: text)
        let entry: UnsafeMutablePointer<passwd>?
        if name.hasPrefix("+"), let uid = UInt32(name.dropFirst()) {
            entry = getpwuid(uid)
        } else {
            entry = getpwnam(name)
        }
        guard let entry else {
            throw GuestIsolationError(
                .qemuUser,
                "libvirt runs QEMU as '\(name)' (\(configurationFile)), and this host has no such user"
            )
        }
        let user = QEMUUser(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
        guard user.uid != 0 else {
            throw GuestIsolationError(
                .qemuUser,
                "libvirt runs QEMU as root (\(configurationFile)): a rule on QEMU's traffic would cover every root process; run QEMU as its own user (Debian's default, libvirt-qemu)"
            )
        }
        return user
    }
}
