import Foundation
import HckCore
import Testing

@testable import Runner

/// The owner lock against real processes: a process holding it with `flock(1)` stands for another `hck`, and a
/// SIGKILL frees it, which is how the next `hck run` or runner knows a VM has no owner left.
@Suite struct OwnerLockTests {
    @Test func aHeldLockKeepsOthersOutUntilItsHolderIsKilled() async throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "owner-lock-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = OwnerLock.file(for: DomainName(jobID: "42"), in: folder)
        #expect(file.lastPathComponent == "hck-job-42.lock")

        // Held in this process: a second acquire (a second driver here) is refused.
        let mine = try #require(try OwnerLock.acquire(file))
        #expect(try OwnerLock.acquire(file) == nil)
        mine.release()
        #expect(!FileManager.default.fileExists(atPath: file.path), "release deletes the file")

        // Held by another process until it is killed.
        // One process holds it: bash locks fd 9 with flock(1), says so in a file, and becomes
        // `sleep` keeping fd 9. (No acquire while it starts: a release would delete the file
        // bash opened, and flock(1) does not check for that as OwnerLock does.)
        let ready = folder.appendingPathComponent("ready")
        let holder = try await SpawnedProcess.start(
            "/bin/bash",
            ["-c", "exec 9>>\"$0\" && flock --exclusive 9 && : >\"$1\" && exec sleep 60", file.path, ready.path]
        )
        defer { holder.signal(SIGKILL) }
        let giveUp = ContinuousClock.now.advanced(by: .seconds(60))
        while !FileManager.default.fileExists(atPath: ready.path), ContinuousClock.now < giveUp {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(FileManager.default.fileExists(atPath: ready.path), "flock(1) never took the lock")
        #expect(try OwnerLock.acquire(file) == nil, "a lock another process holds is refused")
        holder.signal(SIGKILL)
        _ = await holder.exitStatus()
        let after = try #require(try OwnerLock.acquire(file), "a killed holder's lock is free")
        after.release()
    }
}
