import Foundation
import HckCore
import PostgresNIO
public import Wire

extension PostgresJobStore {
    /// See ``JobStore/addSecret(_:)``.
    public func addSecret(_ secret: Secret) async throws {
        try await write("storing \(secret.owner)'s secret '\(secret.name)'") { [logger] connection in
            let added = try await connection.query(
                """
                INSERT INTO secrets (id, owner, name, kind, path, mode, sealed, created_at)
                VALUES (\(secret.id.uuidString), \(secret.owner), \(secret.name), \(secret.kind.rawValue),
                        \(secret.path),
                        \(secret.mode), \(secret.sealed), \(secret.createdAt.timeIntervalSince1970))
                ON CONFLICT (owner, name) DO NOTHING RETURNING 1
                """,
                logger: logger
            ).values(Int.self)
            guard !added.isEmpty else {
                throw StoreError(.duplicate, "\(secret.owner) already has a secret named '\(secret.name)'")
            }
        }
    }

    /// See ``JobStore/secrets(owner:)``.
    public func secrets(owner: String) async throws -> [Secret] {
        try await read("listing \(owner)'s secrets") { [logger] connection in
            try await connection.query("SELECT * FROM secrets WHERE owner = \(owner) ORDER BY name", logger: logger)
                .records().map {
                    Secret(
                        id: UUID(uuidString: try $0.value("id")) ?? UUID(),
                        owner: try $0.value("owner"),
                        name: try $0.value("name"),
                        kind: .init(rawValue: try $0.value("kind")) ?? .file,
                        path: try $0.value("path"),
                        mode: try $0.value("mode"),
                        sealed: try $0.value("sealed"),
                        createdAt: Date(timeIntervalSince1970: try $0.value("created_at"))
                    )
                }
        }
    }

    /// See ``JobStore/recordDelivery(id:_:)``.
    public func recordDelivery(id: Int64, _ delivery: TriggerDelivery) async throws {
        try await write("recording a trigger delivery of job \(id)") { [logger] connection in
            try await connection.query(
                """
                INSERT INTO deliveries (job_id, action, target, succeeded, detail, attempts, at)
                VALUES (\(id), \(delivery.action), \(delivery.target), \(delivery.succeeded), \(delivery.detail),
                        \(delivery.attempts), \(delivery.at.timeIntervalSince1970))
                """,
                logger: logger
            )
        }
    }

    /// See ``JobStore/deliveries(id:)``.
    public func deliveries(id: Int64) async throws -> [TriggerDelivery] {
        try await read("listing job \(id)'s trigger deliveries") { [logger] connection in
            try await connection.query("SELECT * FROM deliveries WHERE job_id = \(id) ORDER BY id", logger: logger)
                .records().map {
                    TriggerDelivery(
                        action: try $0.value("action"),
                        target: try $0.value("target"),
                        succeeded: try $0.value("succeeded"),
                        detail: try $0.value("detail"),
                        attempts: try $0.value("attempts"),
                        at: Date(timeIntervalSince1970: try $0.value("at"))
                    )
                }
        }
    }
}
