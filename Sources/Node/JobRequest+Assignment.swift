import Client
import Foundation
import HckCore
import Images
import Manifest
import Runner
import Wire

extension JobRequest {
    /// The job a server assigned, as the runner runs it: the manifest parsed again (the server
    /// validated it, but this runner's parser is the one that must understand it) and the
    /// delivered secrets in the runner's form, and the server's deadline as the job's time limit
    /// (counted on this runner's clock from now, so the runner stops the job by then too).
    /// - Parameter assignment: what `take` answered.
    /// - Throws: ``NodeError`` when the manifest does not parse here (a server newer than the runner).
    init(_ assignment: Assignment) throws {
        let manifest: Manifest
        do {
            manifest = try Manifest.parse(assignment.manifest, file: "job \(assignment.job.id)", sizeLimit: .max)
                .manifest
        } catch {
            throw NodeError(.refused, "this runner cannot read job \(assignment.job.id)'s manifest: \(error)")
        }
        self.init(
            id: assignment.job.id,
            manifest: manifest,
            url: assignment.job.url,
            secrets: assignment.secrets.map(JobSecret.init),
            oauth2Token: assignment.oauth2Token,
            timeout: .milliseconds(Int64(max(0, assignment.deadline.timeIntervalSinceNow) * 1000))
        )
    }
}

extension JobSecret {
    /// A secret as the server delivers it, in the runner's form.
    /// - Parameter delivered: the secret, in the clear.
    init(_ delivered: DeliveredSecret) {
        let kind: JobSecret.Kind =
            switch delivered.kind {
            case .sshKey: .sshKey
            case .pgpKey: .pgpKey
            case .file: .file(path: delivered.path ?? "~/.secrets/\(delivered.name)", mode: delivered.mode ?? 0o600)
            }
        self.init(
            id: delivered.id.uuidString.lowercased(),
            name: delivered.name,
            kind: kind,
            value: Array(delivered.value)
        )
    }
}
