public import Foundation
import HckCore

/// Builds catalog images into an ``ImageStore`` by running the distribution's step scripts
/// (`images/<distribution>/steps/<step>.sh`) in order, timing each.
///
/// The build happens in a temporary folder inside the store and is renamed into place only once
/// complete, with `image.json` written last: a crashed build never leaves a half image that
/// looks built.
public struct ImageBuilder: Sendable {
    /// Where finished images go.
    public let store: ImageStore

    /// A builder for a store.
    /// - Parameter store: the store that receives built images.
    public init(store: ImageStore) {
        self.store = store
    }

    /// Where the step logs of an image's latest build are kept.
    /// - Parameter image: the image.
    public func logDirectory(for image: CatalogImage) -> URL {
        store.root.appendingPathComponent(".logs")
            .appendingPathComponent("\(image.distribution)-\(image.release)-\(image.arch)")
    }

    /// Builds an image, replacing any earlier build of it.
    /// - Parameters:
    ///   - image: the catalog image, at the arch to build.
    ///   - progress: told when each step starts and ends.
    /// - Returns: the built image and each step's time.
    /// - Throws: ``ImageError`` naming the failed step with the end of its log.
    public func build(
        _ image: CatalogImage,
        progress: @Sendable (BuildProgress) -> Void = { _ in }
    ) async throws -> BuildReport {
        let fileManager = FileManager.default
        let work = store.root.appendingPathComponent(".build-\(image.release)-\(image.arch)-\(UUID().uuidString)")
        let out = work.appendingPathComponent("out")
        let logs = logDirectory(for: image)
        try fileManager.createDirectory(at: out, withIntermediateDirectories: true)
        try fileManager.createDirectory(at: logs, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: work) }

        let environment = [
            "HCK_ROOT": work.appendingPathComponent("rootfs").path,
            "HCK_OUT": out.path,
            "HCK_RELEASE": image.release,
            "HCK_ARCH": image.arch.rawValue,
            "HCK_PACKAGES": ([image.kernelPackage] + image.packages).joined(separator: " "),
            "HCK_USER": image.user,
            "HCK_DISK_SIZE": image.diskSize,
            "HCK_GUEST_DIR": image.scripts.appendingPathComponent("guest").path,
        ]
        var timings: [(name: String, elapsed: Duration)] = []
        let clock = ContinuousClock()
        for (index, step) in image.steps.enumerated() {
            progress(.started(step: step, index: index + 1, count: image.steps.count))
            let script = StepScript(
                script: image.scripts.appendingPathComponent("steps/\(step).sh"),
                environment: environment,
                log: logs.appendingPathComponent("\(step).log")
            )
            let elapsed = try await clock.measure { try await script.run() }
            timings.append((step, elapsed))
            progress(.finished(step: step, elapsed: elapsed))
        }

        let metadata = ImageMetadata(
            name: image.name,
            release: image.release,
            arch: image.arch.rawValue,
            buildDate: Date(),
            packageManager: image.packageManager.kind.rawValue,
            user: image.user,
            bootArguments: image.bootArguments,
            savedStateArgument: image.savedStateArgument
        )
        try ImageMetadata.encoder.encode(metadata).write(
            to: out.appendingPathComponent(BuiltImage.metadataFile),
            options: .atomic
        )
        let built = try install(out, as: store.directory(name: image.name, arch: image.arch), work: work)
        return BuildReport(image: built, steps: timings)
    }

    /// Moves a finished build into place, readable by everyone (QEMU runs as another user).
    private func install(_ out: URL, as target: URL, work: URL) throws -> BuiltImage {
        let fileManager = FileManager.default
        do {
            try fileManager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: out.path)
            try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if fileManager.fileExists(atPath: target.path) {
                try fileManager.moveItem(at: target, to: work.appendingPathComponent("previous"))
            }
            try fileManager.moveItem(at: out, to: target)
            var folder = target
            while folder.path.hasPrefix(store.root.path), folder.path.count >= store.root.path.count {
                try fileManager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
                folder.deleteLastPathComponent()
            }
        } catch {
            throw ImageError(.cannotInstall, "cannot move the built image into \(target.path): \(error)")
        }
        return try BuiltImage(directory: target)
    }
}
