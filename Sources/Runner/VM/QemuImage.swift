import Foundation
import HckCore
import Images

/// `qemu-img`, for the one thing libvirt's API does not do for a transient domain: making the
/// copy-on-write overlay of a read-only image.
enum QemuImage {
    /// Creates a qcow2 overlay whose backing file is `base`.
    /// - Parameters:
    ///   - overlay: the file to create.
    ///   - base: the image's read-only qcow2 disk.
    static func createOverlay(_ overlay: URL, backedBy base: URL) async throws {
        let result: (status: Int32, text: String)
        do {
            result = try await ChildProcess.output(
                "/usr/bin/qemu-img",
                ["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.path, overlay.path]
            )
        } catch {
            throw VMError(.overlay, "cannot run qemu-img for \(overlay.path): \(error)")
        }
        guard result.status == 0 else {
            throw VMError(.overlay, "qemu-img could not create \(overlay.path) on \(base.path): \(result.text)")
        }
    }
}
