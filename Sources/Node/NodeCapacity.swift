import Client
import Foundation
import HckCore
public import Images
public import Wire

/// What this machine can run, worked out from the built images and the catalog.
public enum NodeCapacity {
    /// The built images in a store, as (name, arch): every `<name>/<arch>/image.json` two or
    /// three folders deep (`debian/bookworm/amd64`).
    /// - Parameter store: the image store.
    public static func builtImages(in store: ImageStore) -> [(name: String, arch: Architecture)] {
        let fileManager = FileManager.default
        var found: [(name: String, arch: Architecture)] = []
        let distributions = (try? fileManager.contentsOfDirectory(atPath: store.root.path)) ?? []
        for distribution in distributions.sorted() {
            let releases =
                (try? fileManager.contentsOfDirectory(atPath: store.root.appendingPathComponent(distribution).path))
                ?? []
            for release in releases.sorted() {
                let name = "\(distribution)/\(release)"
                for arch in Architecture.allCases where store.isBuilt(name: name, arch: arch) {
                    found.append((name, arch))
                }
            }
        }
        return found
    }

    /// The capacity to register: the built images under every name a manifest may use for them
    /// (the catalog's aliases too, so a job for `debian/stable` comes here when its release is
    /// built), the arches as the server names them (`x86_64`), KVM, and the slots.
    ///
    /// The server matches a job's image name exactly against this list, and the runner resolves
    /// the same name through the same catalog when it runs the job, so the two agree.
    /// - Parameters:
    ///   - store: the built images.
    ///   - catalog: the catalog whose aliases are offered, or `nil` for the built names only.
    ///   - kvm: whether guests get KVM.
    ///   - slots: how many jobs run at once.
    ///   - guestsIsolated: whether guests are kept off the host and private networks.
    public static func capacity(
        store: ImageStore,
        catalog: ImageCatalog?,
        kvm: Bool,
        slots: Int,
        guestsIsolated: Bool
    ) -> RunnerCapacity {
        let built = builtImages(in: store)
        var names = Set(built.map(\.name))
        for image in catalog?.images ?? [] where built.contains(where: { $0.name == image.name }) {
            names.formUnion(image.aliases)
        }
        let arches = Set(built.map(\.arch.machineName))
        return RunnerCapacity(
            arches: arches.sorted(),
            images: names.sorted(),
            kvm: kvm,
            slots: slots,
            guestsIsolated: guestsIsolated,
            version: ProductVersion.current
        )
    }
}
