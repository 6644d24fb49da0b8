import Foundation
import GRDB
import HckCore
import Manifest
public import Wire

extension SQLiteJobStore {
    /// See ``JobStore/addSecret(_:)``.
    public func addSecret(_ secret: Secret) async throws {
        try await pool.write { db in
            if try Bool.fetchOne(
                db,
                sql: "SELECT 1 FROM secrets WHERE owner = ? AND name = ?",
                arguments: [secret.owner, secret.name]
            ) == true {
                throw StoreError(.duplicate, "\(secret.owner) already has a secret named '\(secret.name)'")
            }
            try db.execute(
                sql: """
                    INSERT INTO secrets (id, owner, name, kind, path, mode, sealed, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    secret.id.uuidString, secret.owner, secret.name, secret.kind.rawValue, secret.path, secret.mode,
                    secret.sealed, secret.createdAt.timeIntervalSince1970,
                ]
            )
        }
    }

    /// See ``JobStore/secrets(owner:)``.
    public func secrets(owner: String) async throws -> [Secret] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM secrets WHERE owner = ? ORDER BY name", arguments: [owner]).map {
                Secret(
                    id: UUID(uuidString: $0["id"]) ?? UUID(),
                    owner: $0["owner"],
                    name: $0["name"],
                    kind: .init(rawValue: $0["kind"]) ?? .file,
                    path: $0["path"],
                    mode: $0["mode"],
                    sealed: $0["sealed"],
                    createdAt: Date(timeIntervalSince1970: $0["created_at"])
                )
            }
        }
    }

    /// See ``JobStore/recordDelivery(id:_:)``.
    public func recordDelivery(id: Int64, _ delivery: TriggerDelivery) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO deliveries (job_id, action, target, succeeded, detail, attempts, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, delivery.action, delivery.target, delivery.succeeded, delivery.detail, delivery.attempts,
                    delivery.at.timeIntervalSince1970,
                ]
            )
        }
    }

    /// See ``JobStore/deliveries(id:)``.
    public func deliveries(id: Int64) async throws -> [TriggerDelivery] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM deliveries WHERE job_id = ? ORDER BY id", arguments: [id]).map {
                TriggerDelivery(
                    action: $0["action"],
                    target: $0["target"],
                    succeeded: $0["succeeded"],
                    detail: $0["detail"],
                    attempts: $0["attempts"],
                    at: Date(timeIntervalSince1970: $0["at"])
                )
            }
        }
    }
}
