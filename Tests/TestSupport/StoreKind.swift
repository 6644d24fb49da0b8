import Client
import Foundation
import HckCore
import Images
import Server
public import Store
import TestSupport
import Testing
import Wire

/// The store implementations the contract runs against. The contract tests (`JobStoreContractTests`
/// and its extensions, `SSHKeyStoreContractTests`) use only `any JobStore` and a fresh store per test;
/// their suites carry the `.postgresCluster` trait, whose throw-away PostgreSQL server gives each
/// PostgreSQL store a fresh database.
package enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    package var testDescription: String { rawValue }

    /// A fresh, empty store of this kind: SQLite in `directory` (which `TemporaryDirectory` removes),
    /// PostgreSQL in a new database of the suite's cluster (removed with the cluster).
    package func make(in directory: TemporaryDirectory) async throws -> any ServerStore {
        switch self {
        case .sqlite:
            return try SQLiteJobStore(path: directory.path("hck.sqlite"))
        case .postgres:
            return try await Self.cluster().freshStore()
        }
    }

    /// Where a `TestServer` of this kind keeps its jobs: its data directory's SQLite file, or a new
    /// database of the suite's cluster.
    package func serverDatabase() async throws -> StoreLocation {
        switch self {
        case .sqlite:
            return .dataDirectory
        case .postgres:
            return .postgres(try await Self.cluster().createDatabase())
        }
    }

    /// The running suite's PostgreSQL cluster.
    private static func cluster() throws -> PostgresTestCluster {
        guard let cluster = PostgresTestCluster.current else {
            throw StoreError(.unreachable, "StoreKind.postgres needs its suite to carry the .postgresCluster trait")
        }
        return cluster
    }
}

extension NewJob {
    /// A submission for tests.
    package static func sample(
        owner: String = "alice",
        image: String = "debian/stable",
        tasks: [String] = ["build", "test"]
    )
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
