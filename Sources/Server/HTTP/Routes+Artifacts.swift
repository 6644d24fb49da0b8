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
        router.on(.jobArtifact) { request, context -> Response in
            let job = try await jobs.readable(context.parameters.id(), by: context.reader(.readJobs))
            let name = try FieldRules.artifactName(context.parameters.decoded("name"))
            return try artifactResponse(request, job: job.id, artifact: try await artifact(of: job.id, named: name))
        }
    }

    /// Job `job`'s artifact `name`, for a download; fails 404 when the job has none of that name, or 410 Gone,
    /// saying when, once retention removed the job's artifacts (their names went too, so any name's does).
    func artifact(of job: Int64, named name: String) async throws -> Artifact {
        if let artifact = try await store.artifact(id: job, name: name) { return artifact }
        if let expired = try await store.expirations(id: job)[.artifacts] {
            throw APIError(
                .gone,
                "job \(job)'s artifact '\(name)' is gone. \(RetentionKind.artifacts.expiredNote(at: expired))"
            )
        }
        throw APIError(.notFound, "job \(job) has no artifact named '\(name)'")
    }

    /// An artifact's bytes, whole or the one range a `Range` header asks for, streamed from the store a
    /// piece at a time (the API's and the web pages' downloads).
    func artifactResponse(_ request: Request, job: Int64, artifact: Artifact) throws -> Response {
        var headers: HTTPFields = [
            .contentType: "application/octet-stream",
            .acceptRanges: "bytes",
            .contentDisposition: Self.attachment(artifact.name),
        ]
        let (range, status) = try ByteRange.requested(by: request, length: Int(artifact.size), headers: &headers)
        headers[.contentLength] = String(range.count)
        let store = self.store
        let body = ResponseBody(contentLength: range.count) { writer in
            try await store.readArtifact(
                id: job,
                name: artifact.name,
                range: Int64(range.lowerBound)..<Int64(range.upperBound)
            ) { try await writer.write($0) }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback and the exact name.
    static func attachment(_ name: String) -> String {
        let fallback = String(
            name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" }
        )
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(name.urlComponentEncoded)"
    }

    /// Stores an uploaded artifact as it arrives (never held in memory), then records it. An upload larger
    /// than ``artifactSizeLimit`` is refused with 413 (by its Content-Length before any byte is stored,
    /// else as soon as it grows past the limit) and leaves nothing behind.
    func storeArtifact(_ request: Request, job id: Int64, name: String) async throws -> Artifact {
        let name = try FieldRules.artifactName(name)
        let tooLarge = APIError(
            .contentTooLarge,
            "artifact '\(name)' is larger than this server's limit of \(ByteSize(artifactSizeLimit)); make it "
                + "smaller, or raise `hck server --artifact-size-limit`"
        )
        if let declared = try request.integer(header: .contentLength, in: 0...Int64.max), declared > artifactSizeLimit {
            throw tooLarge
        }
        do {
            return try await store.storeArtifact(id: id, name: name, body: request.body, limit: artifactSizeLimit)
        } catch let error as StoreError where error.code == .tooLarge {
            throw tooLarge
        }
    }
}
