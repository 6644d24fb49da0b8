import Foundation
import HckCore
import Manifest
import Store
import Wire

/// A submission that passed every check, ready to store.
struct CheckedSubmission: Sendable {
    /// The job to insert.
    var job: NewJob
    /// Its manifest, parsed once.
    var manifest: Manifest
}

/// Turns a submission into a `NewJob`: parses and validates the manifest, checks that some runner
/// offers its image and arch, and that the secrets it names are the submitter's.
struct Submission {
    let request: SubmitRequest
    let owner: User
    /// The largest manifest accepted, in bytes (the server's `--manifest-size-limit`).
    let sizeLimit: Int
    /// What the manifest's diagnostics call it.
    var file = "manifest"

    /// Architecture names as manifests write them → as runners declare them.
    static func canonicalArch(_ arch: String) -> String {
        switch arch {
        case "amd64": "x86_64"
        case "arm64": "aarch64"
        default: arch
        }
    }

    /// The manifest, or a 400 carrying every diagnostic.
    func parse() throws -> Manifest {
        switch Result(catching: { () throws(ManifestError) -> ParsedManifest in
            try Manifest.parse(request.manifest, file: file, sizeLimit: sizeLimit)
        }) {
        case .success(let parsed):
            return parsed.manifest
        case .failure(let error):
            throw JobError(
                .invalid,
                "\(file == "manifest" ? "the manifest" : file) is invalid (\(error.errors.count) error(s))",
                diagnostics: error.diagnostics.map(\.description)
            )
        }
    }

    /// The job to store, or a 400 when no runner offers its image and arch or a secret is not the owner's.
    func check(_ manifest: Manifest, runners: [RunnerRecord], secrets: [Secret], groupID: Int64? = nil) throws -> NewJob
    {
        guard !runners.isEmpty else {
            throw JobError(.invalid, "no runner has registered with this server yet: start one with `hck runner`")
        }
        let offering = runners.filter { $0.capacity.images.contains(manifest.image) }
        guard !offering.isEmpty else {
            let images = Set(runners.flatMap(\.capacity.images)).sorted()
            throw JobError(
                .invalid,
                "no runner offers the image '\(manifest.image)'; use one of those listed in 'available'",
                available: images
            )
        }
        let arch: String
        if let asked = manifest.arch, asked != "default" {
            arch = Self.canonicalArch(asked)
            guard offering.contains(where: { $0.capacity.arches.contains(arch) }) else {
                let arches = Set(offering.flatMap(\.capacity.arches)).sorted()
                throw JobError(
                    .invalid,
                    "no runner offers '\(manifest.image)' on arch '\(asked)'; use one of those listed in 'available'",
                    available: arches
                )
            }
        } else {
            arch = offering.flatMap(\.capacity.arches).contains("x86_64") ? "x86_64" : offering[0].capacity.arches[0]
        }
        for wanted in manifest.secrets where !secrets.contains(where: { $0.isNamed(wanted) }) {
            throw JobError(
                .invalid,
                "the manifest names the secret '\(wanted)', which \(owner.name) does not have; add it with `hck secret add`",
                available: secrets.map(\.name)
            )
        }
        return NewJob(
            owner: owner.name,
            manifest: request.manifest,
            image: manifest.image,
            arch: arch,
            taskNames: manifest.tasks.map(\.name),
            note: request.note,
            tags: request.tags ?? [],
            visibility: request.visibility ?? .unlisted,
            secretsEnabled: request.secrets ?? true,
            execute: request.execute ?? true,
            groupID: groupID
        )
    }
}
