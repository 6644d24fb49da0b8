import Foundation
import HckCore
import Images

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock(2)` on `<overlayRoot>/hck-job-<id>.lock`, held by the process that owns the
/// job's VM from before its domain starts until its overlay is deleted.
///
/// The kernel drops the lock when that process ends in any way, SIGKILL included, so whoever
/// gets the lock knows the VM and overlay belong to nobody and may remove them; a VM whose lock
/// is held belongs to a live process (another `hck run`, another runner on the same folder) and
/// is left alone.
///
/// Whoever deletes the file holds the lock while doing it, and ``acquire(_:)`` checks that the file
/// it locked is still the one at the path, so two processes never both think they own a VM.
final class OwnerLock: Sendable {
    /// The lock file.
    let file: URL
    private let descriptor: Int32

    private init(file: URL, descriptor: Int32) {
        self.file = file
        self.descriptor = descriptor
    }

    /// What a lock file's name adds to its VM's domain name.
    static let suffix = ".lock"

    /// The lock file of a job's VM in an overlay folder.
    static func file(for name: DomainName, in overlayRoot: URL) -> URL {
        overlayRoot.appendingPathComponent("\(name)\(suffix)")
    }

    /// The VM whose lock file an overlay folder's entry is, or nil for another entry.
    static func domain(ofLockFile entry: String) -> DomainName? {
        guard entry.hasSuffix(suffix) else { return nil }
        return DomainName(parsing: String(entry.dropLast(suffix.count)))
    }

    /// Takes the lock without waiting.
    /// - Parameter file: the lock file, created if missing.
    /// - Returns: the held lock, or `nil` when another process (or another lock in this one) holds it.
    /// - Throws: ``VMError`` (`ownerLock`) when the file cannot be opened or locked.
    static func acquire(_ file: URL) throws -> OwnerLock? {
        while true {
            let descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw failure("cannot open", file) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(descriptor)
                if code == EWOULDBLOCK { return nil }
                errno = code
                throw failure("cannot lock", file)
            }
            // The holder before us may have deleted the file after we opened it: then the lock is
            // on a file nobody else will ever open, and we start over with a fresh one.
            var opened = stat()
            var atPath = stat()
            if fstat(descriptor, &opened) == 0, stat(file.path, &atPath) == 0,
                opened.st_dev == atPath.st_dev, opened.st_ino == atPath.st_ino
            {
                return OwnerLock(file: file, descriptor: descriptor)
            }
            close(descriptor)
        }
    }

    /// Takes the lock, waiting while another holds it.
    /// - Parameters:
    ///   - file: the lock file.
    ///   - limit: how long to wait at most.
    /// - Throws: ``VMError`` (`ownerLock`) when it is still held after `limit`.
    static func waiting(for file: URL, atMost limit: Duration) async throws -> OwnerLock {
        let giveUp = ContinuousClock.now.advanced(by: limit)
        while true {
            if let lock = try acquire(file) { return lock }
            guard ContinuousClock.now < giveUp else {
                throw VMError(.ownerLock, "\(file.path) was still held by another process after \(limit)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Deletes the lock file, then lets the lock go; call once, after the VM and overlay are gone.
    func release() {
        unlink(file.path)
        close(descriptor)
    }

    private static func failure(_ what: String, _ file: URL) -> VMError {
        VMError(.ownerLock, "\(what) \(file.path): \(String(cString: strerror(errno)))")
    }
}
