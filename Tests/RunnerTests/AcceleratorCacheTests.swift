import Foundation
import Images
import Testing

@testable import Runner

/// The accelerator probe's answers kept across processes: one host boot, one QEMU, one libvirt,
/// one `/dev/kvm`; a change of any of them means probing again.
@Suite struct AcceleratorCacheTests {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
        "accelerator-cache-\(UUID().uuidString)"
    )
    var cache: AcceleratorCache { AcceleratorCache(file: folder.appendingPathComponent("run/hck/accelerator.json")) }
    let key = AcceleratorCache.Key(
        bootID: "b1",
        qemuVersion: 7_002_022,
        libvirtVersion: 9_000_000,
        kvmDevice: "660 0:993"
    )

    @Test func keepsAnAnswerPerArchitectureForItsKeyOnly() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(cache.answer(for: .amd64, key: key) == nil, "nothing kept yet (no file, no folder)")
        try cache.record(.tcg, for: .amd64, key: key)
        #expect(cache.answer(for: .amd64, key: key) == .tcg)
        #expect(cache.answer(for: .arm64, key: key) == nil)
        try cache.record(.tcg, for: .arm64, key: key)
        #expect(cache.answer(for: .amd64, key: key) == .tcg, "another arch's answer keeps the first")

        var rebooted = key
        rebooted.bootID = "b2"
        var upgraded = key
        upgraded.qemuVersion = 8_000_000
        var libvirt = key
        libvirt.libvirtVersion = 9_001_000
        var opened = key
        opened.kvmDevice = "600 0:0"
        for other in [rebooted, upgraded, libvirt, opened] {
            #expect(cache.answer(for: .amd64, key: other) == nil, "\(other) is another host state")
        }

        // An answer under a new key replaces the old ones.
        try cache.record(.kvm, for: .amd64, key: rebooted)
        #expect(cache.answer(for: .amd64, key: rebooted) == .kvm)
        #expect(cache.answer(for: .arm64, key: rebooted) == nil)
        #expect(cache.answer(for: .amd64, key: key) == nil)
    }

    @Test func aDamagedFileIsNoAnswerAndIsReplaced() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: cache.file.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try Data("{\"key\": ".utf8).write(to: cache.file)
        #expect(cache.answer(for: .amd64, key: key) == nil)
        try cache.record(.tcg, for: .amd64, key: key)
        #expect(cache.answer(for: .amd64, key: key) == .tcg)
    }

    @Test func readsTheHostsBootIDAndDevices() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = AcceleratorCache.Key.bootID()
        #expect(id.count == 36, "a UUID from /proc/sys/kernel/random/boot_id, got \(id)")
        #expect(AcceleratorCache.Key.bootID(file: folder.appendingPathComponent("none").path) == "unknown")
        #expect(AcceleratorCache.Key.device(atPath: folder.appendingPathComponent("none").path) == "absent")

        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let device = folder.appendingPathComponent("kvm")
        FileManager.default.createFile(atPath: device.path, contents: nil, attributes: [.posixPermissions: 0o660])
        let before = AcceleratorCache.Key.device(atPath: device.path)
        #expect(before.hasPrefix("660 "))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: device.path)
        #expect(AcceleratorCache.Key.device(atPath: device.path) != before, "chmod changes the key")
    }
}
