import API
import Foundation
import Testing

/// The store implementations the contract runs against. A PostgreSQL case joins here when that store exists.
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
