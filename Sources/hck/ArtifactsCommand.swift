import ArgumentParser
import CLI
import Client
import Foundation
import Server
import Store
import Wire

/// `hck artifacts JOB [--download DIR]`.
struct ArtifactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts",
        abstract: "List a job's artifacts, or download them."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The job's id.")
    var job: JobID

    @Option(help: "Download every artifact into this directory.")
    var download: String?

    func run() async throws {
        let api = try client.client()
        let artifacts = try await api.artifacts(job.value)
        if let download {
            try FileManager.default.createDirectory(atPath: download, withIntermediateDirectories: true)
            for artifact in artifacts {
                let file = URL(fileURLWithPath: download).appendingPathComponent(artifact.name)
                let size = try await api.download(APIRoute.jobArtifact.path(job.value, artifact.name), to: file)
                print("\(download)/\(artifact.name)\t\(size) bytes")
            }
        } else {
            for artifact in artifacts { print("\(artifact.name)\t\(artifact.size)\t\(artifact.url)") }
        }
    }
}
