import Foundation
import HckCore
import Images
import Manifest

/// What a job needs before it boots: the built image, and the setup steps rendered with the
/// image's package manager.
struct JobPlan: Sendable {
    /// The image to boot.
    var image: BuiltImage
    /// The setup steps, in order.
    var steps: [SetupStep]

    /// Resolves the manifest's image and renders the setup.
    /// - Throws: when the image is unknown or not built, or a repository line is invalid.
    init(request: JobRequest, configuration: RunnerConfiguration) throws {
        let manifest = request.manifest
        var name = manifest.image
        var arch = manifest.arch.flatMap(Architecture.init(parsing:)) ?? .amd64
        var packageManager: PackageManager?
        if let catalog = configuration.catalog {
            let entry = try catalog.resolve(manifest.image, arch: manifest.arch)
            name = entry.name
            arch = entry.arch
            packageManager = entry.packageManager
        }
        image = try configuration.imageStore.image(name: name, arch: arch)
        guard var manager = packageManager ?? PackageManager(named: image.metadata.packageManager) else {
            throw RunnerError(
                .image,
                "image \(name) uses package manager '\(image.metadata.packageManager)', which hck does not know"
            )
        }
        if let keyServer = configuration.keyServer { manager.keyServer = keyServer }
        let variables = AutomaticVariables(jobID: request.id, jobURL: request.url, oauth2Token: request.oauth2Token)
        steps = SetupPlan.steps(
            buildEnv: BuildEnv.render(manifest, variables: variables),
            tasks: manifest.tasks,
            secrets: request.secrets,
            cacheCommand: configuration.packageCache.map {
                manager.cacheCommand(host: $0.guestHost, port: $0.port)
            },
            repositoryCommands: try manifest.repositories.compactMap { repository in
                try repository.spec.map { try manager.addRepositoryCommand(name: repository.name, spec: $0) }
            },
            installCommand: manifest.packages.isEmpty ? nil : manager.installCommand(manifest.packages),
            sources: manifest.sources
        )
    }
}
