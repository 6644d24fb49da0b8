import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import NIOCore
import Store
import Wire

extension APIEnvironment {
    /// `GET /api/jobs/:id/artifacts` and the files themselves.
    func addArtifactRoutes(to router: Router<APIRequestContext>) {
        router.on(.jobArtifacts) { _, context -> [ArtifactView] in
            let job = try await jobs.readable(
                context.parameters.id(),
                by: context.reader(.readJobs)
            )
            return try await store.artifacts(id: job.id).map {
                ArtifactView(
                    name: $0.name,
                    size: $0.size,
                    created: $0.createdAt,
                    url: "\(baseURL)/api/jobs/\(job.id)/artifacts/\($0.name.urlComponentEncoded)"
                )
            }
        }
        router.on(.jobArtifact) { _, context -> Response in
            let job = try await jobs.readable(context.parameters.id(), by: context.reader(.readJobs))
            let name = try FieldRules.artifactName(context.parameters.decoded("name"))
            guard try await store.artifacts(id: job.id).contains(where: { $0.name == name }) else {
                throw APIError(.notFound, "job \(job.id) has no artifact named '\(name)'")
            }
            let body = try await FileIO().loadFile(path: "\(artifactsDirectory)/\(job.id)/\(name)", context: context)
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: body)
        }
    }

    /// Streams an uploaded artifact to disk (never held in memory), then records it. An upload larger
    /// than ``artifactSizeLimit`` is refused with 413 (by its Content-Length before any byte is written,
    /// else as soon as it grows past the limit) and leaves nothing behind.
    func storeArtifact(_ request: Request, job id: Int64, name: String, context: APIRequestContext) async throws
        -> Artifact
    {
        let name = try FieldRules.artifactName(name)
        let body = SizeLimitedBody(body: request.body, limit: artifactSizeLimit, what: "artifact '\(name)'")
        if let declared = try request.integer(header: .contentLength, in: 0...Int64.max), declared > artifactSizeLimit {
            throw body.tooLarge
        }
        let directory = "\(artifactsDirectory)/\(id)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/\(name)"
        // Written aside and renamed when complete, so an interrupted upload never looks like an artifact.
        let partial = "\(directory)/.\(name).partial"
        do {
            try await FileIO().writeFile(contents: body, path: partial, context: context)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw await body.overflow.happened ? body.tooLarge : error
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        let artifact = Artifact(name: name, size: size, createdAt: Date())
        try await store.addArtifact(id: id, artifact: artifact)
        return artifact
    }
}
