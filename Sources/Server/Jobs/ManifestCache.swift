import HckCore
import Manifest
import Store
import Wire

/// Each job's parsed manifest, kept from its submission on: the server parses a manifest once per
/// job (and once again only for a job submitted before this process started, or evicted).
actor ManifestCache {
    private var parsed: [Int64: Manifest] = [:]
    private var order: [Int64] = []
    private let capacity: Int

    /// Makes a cache holding at most `capacity` manifests, the oldest going first.
    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// Keeps a job's manifest, parsed at its submission.
    func keep(_ manifest: Manifest, for id: Int64) {
        if parsed.updateValue(manifest, forKey: id) == nil { order.append(id) }
        if order.count > capacity { parsed[order.removeFirst()] = nil }
    }

    /// The job's parsed manifest. A stored manifest that no longer parses (a store edited by hand, a
    /// parser that became stricter) is an error that says so, never a silent empty manifest.
    func manifest(of job: Job) throws(JobError) -> Manifest {
        if let manifest = parsed[job.id] { return manifest }
        do {
            let manifest = try Manifest.parse(job.manifest, file: "job \(job.id)'s manifest", sizeLimit: .max).manifest
            keep(manifest, for: job.id)
            return manifest
        } catch {
            throw JobError(
                .corrupt,
                "job \(job.id)'s stored manifest no longer parses",
                diagnostics: error.diagnostics.map(\.description)
            )
        }
    }
}
