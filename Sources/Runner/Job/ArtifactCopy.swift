public import Foundation
import Manifest
import NIOCore

/// Copies a job's artifacts out of the guest, one SSH channel per file (`cat`), streaming each
/// to its file on the host: no artifact is ever held in memory whole.
public struct ArtifactCopy: Sendable {
    /// Where the copies go (one file per artifact, by basename).
    public var destination: URL
    /// The largest artifact accepted, in bytes.
    public var sizeLimit: Int

    /// Creates the copier.
    /// - Parameters:
    ///   - destination: the folder for the copies.
    ///   - sizeLimit: the largest artifact accepted.
    public init(destination: URL, sizeLimit: Int) {
        self.destination = destination
        self.sizeLimit = sizeLimit
    }

    /// Copies every artifact, or returns why one could not be copied.
    /// - Parameters:
    ///   - paths: the artifacts as the manifest gives them (relative = to the build user's home).
    ///   - connection: the guest connection.
    ///   - log: where to say what is copied.
    /// - Returns: `nil` on success, else a message naming the artifact.
    public func copy(
        _ paths: [String],
        over connection: GuestConnection,
        log: (String) async -> Void
    ) async throws -> String? {
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        for path in paths {
            var sizeText = ""
            let quoted = path.shellQuoted
            let stat = try await connection.run("stat -L -c %s -- \(quoted)") { piece in
                if case .stdout(let bytes) = piece { sizeText += String(buffer: bytes) }
            }
            guard stat.succeeded, let size = Int(sizeText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                return "artifact \(path) does not exist in the guest (or is not a readable file)"
            }
            guard size <= sizeLimit else {
                return "artifact \(path) is \(size) bytes, over the limit of \(sizeLimit) bytes"
            }
            let target = destination.appendingPathComponent((path as NSString).lastPathComponent)
            await log("Copying artifact \(path) (\(size) bytes) to \(target.path)")
            _ = FileManager.default.createFile(atPath: target.path, contents: nil)
            let file = try FileHandle(forWritingTo: target)
            defer { try? file.close() }
            var copied = 0
            var overLimit = false
            let exit = try await connection.run("cat -- \(quoted)") { piece in
                guard case .stdout(let bytes) = piece else { return }
                copied += bytes.readableBytes
                if copied > sizeLimit {
                    overLimit = true
                    return
                }
                try file.write(contentsOf: bytes.readableBytesView)
            }
            if overLimit { return "artifact \(path) grew over the limit of \(sizeLimit) bytes while it was copied" }
            guard exit.succeeded else { return "artifact \(path) could not be read: cat ended with \(exit)" }
        }
        return nil
    }
}
