import Client
import Foundation
import HckCore
import Images
import Runner
import Server
import TestSupport
import Testing
import Wire

@testable import Node

/// A runner node registers again when its built images change while it runs.
@Suite struct ImageWatchTests {
    /// A built image's folder with empty boot files: enough to count as built.
    static func fakeImage(_ name: String, in root: URL) throws {
        let folder = root.appendingPathComponent("\(name)/amd64")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["root.qcow2", "vmlinuz", "initrd.img"] {
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(file).path, contents: Data())
        }
        let release = name.split(separator: "/").last.map(String.init) ?? name
        let metadata = """
            {"name": "\(name)", "release": "\(release)", "arch": "amd64", "buildDate": "2026-01-01T00:00:00Z",
             "packageManager": "apt", "user": "build", "bootArguments": "console=ttyS0"}
            """
        try Data(metadata.utf8).write(to: folder.appendingPathComponent("image.json"))
    }

    @Test func aNodeRegistersAgainWhenItsBuiltImagesChange() async throws {
        let dir = try TemporaryDirectory()
        let images = dir.url.appendingPathComponent("images")
        try Self.fakeImage("debian/bookworm", in: images)
        try await TestServer.with(directory: dir) { server in
            // libvirt's test driver: a connection without a daemon; nothing boots here.
            let driver = try await LibvirtDriver(
                uri: "test:///default",
                overlayRoot: dir.url.appendingPathComponent("overlays")
            )
            var configuration = RunnerNode.Configuration()
            configuration.imageRescanInterval = .milliseconds(200)
            let node = RunnerNode(
                client: server.runner,
                driver: driver,
                jobs: RunnerConfiguration(
                    imageStore: ImageStore(root: images),
                    workDirectory: dir.url.appendingPathComponent("work")
                ),
                configuration: configuration
            )
            let first = node.offeredCapacity(kvm: false)
            #expect(first.images == ["debian/bookworm"] && first.version == ProductVersion.current)
            try await node.register(first)
            let registered = RegisteredCapacity(first)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await node.watchImages(registered: registered) }
                try Self.fakeImage("alpine/edge", in: images)
                let clock = ContinuousClock()
                let start = clock.now
                while try await server.anonymous.runners().first?.images.contains("alpine/edge") != true {
                    try #require(clock.now - start < .seconds(60), "the new image was not registered within 60 s")
                    try await Task.sleep(for: .milliseconds(100))
                }
                group.cancelAll()
            }
            #expect(await registered.current.images == ["alpine/edge", "debian/bookworm"])
        }
    }
}
