import API
import Foundation
import Testing

/// The store implementations the contract runs against. The contract tests (`JobStoreContractTests`
/// and its extensions) use only `any JobStore` and a fresh store per test, so a PostgreSQL case joins
/// here when that store exists: its `make(in:)` returns a store on a fresh schema (or database) of a
/// server named by the environment, which the test run then drops.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite

    var testDescription: String { rawValue }

    /// A fresh, empty store of this kind, in a temporary directory that `TemporaryDirectory` removes.
    func make(in directory: TemporaryDirectory) throws -> any JobStore {
        switch self {
        case .sqlite: try SQLiteJobStore(path: directory.path("hck.sqlite"))
        }
    }
}

/// A temporary directory removed when the value is deinitialised.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hck-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

extension NewJob {
    /// A submission for tests.
    static func sample(owner: String = "alice", image: String = "debian/stable", tasks: [String] = ["build", "test"])
        -> NewJob
    {
        NewJob(
            owner: owner,
            manifest: "image: \(image)\ntasks:\n" + tasks.map { "  - \($0): true\n" }.joined(),
            image: image,
            arch: "x86_64",
            taskNames: tasks,
            note: "a note",
            tags: ["hck", "ci"]
        )
    }
}
