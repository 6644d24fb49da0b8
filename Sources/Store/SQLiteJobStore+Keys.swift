public import Foundation
import GRDB
import HckCore
public import Wire

extension SQLiteJobStore {
    /// See ``JobStore/addSSHKey(owner:key:now:)``.
    public func addSSHKey(owner: String, key: SSHPublicKey, now: Date) async throws -> SSHKey {
        try await pool.write { db in
            let fingerprint = key.fingerprint
            if let holder = try String.fetchOne(
                db,
                sql: "SELECT owner FROM ssh_keys WHERE fingerprint = ?",
                arguments: [fingerprint]
            ) {
                let whose = holder == owner ? "you already registered" : "another user registered"
                throw StoreError(
                    .duplicate,
                    "key \(fingerprint) is already registered (\(whose) it); a key belongs to one user"
                )
            }
            try db.execute(
                sql: "INSERT INTO ssh_keys (owner, key, comment, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [owner, key.keyText, key.comment, fingerprint, now.timeIntervalSince1970]
            )
            return SSHKey(
                id: db.lastInsertedRowID,
                owner: owner,
                key: key.keyText,
                comment: key.comment,
                fingerprint: fingerprint,
                createdAt: now
            )
        }
    }

    /// See ``JobStore/sshKeys(owner:)``.
    public func sshKeys(owner: String) async throws -> [SSHKey] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ssh_keys WHERE owner = ? ORDER BY id", arguments: [owner]).map(
                Self.sshKey(from:)
            )
        }
    }

    /// See ``JobStore/removeSSHKey(owner:id:)``.
    public func removeSSHKey(owner: String, id: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM ssh_keys WHERE owner = ? AND id = ?", arguments: [owner, id])
            return db.changesCount > 0
        }
    }

    /// See ``JobStore/sshKey(fingerprint:)``.
    public func sshKey(fingerprint: String) async throws -> SSHKey? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM ssh_keys WHERE fingerprint = ?", arguments: [fingerprint]).map(
                Self.sshKey(from:)
            )
        }
    }

    /// See ``JobStore/setKeptVM(id:_:)``.
    public func setKeptVM(id: Int64, _ kept: KeptVM?) async throws {
        try await pool.write { db in
            guard let kept else {
                try db.execute(sql: "DELETE FROM kept_vms WHERE job_id = ?", arguments: [id])
                return
            }
            try db.execute(
                sql: """
                    INSERT INTO kept_vms (job_id, host, port, until, reason, claimed) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (job_id) DO UPDATE SET host = excluded.host, port = excluded.port, until = excluded.until,
                        reason = excluded.reason, claimed = claimed OR excluded.claimed
                    """,
                arguments: [id, kept.host, kept.port, kept.until.timeIntervalSince1970, kept.reason, kept.claimed]
            )
        }
    }

    /// See ``JobStore/keptVM(id:)``.
    public func keptVM(id: Int64) async throws -> KeptVM? {
        try await pool.read { db in try Self.fetchKeptVM(db, id: id) }
    }

    /// See ``JobStore/claimKeptVM(id:)``.
    public func claimKeptVM(id: Int64) async throws -> KeptVM? {
        try await pool.write { db in
            try db.execute(sql: "UPDATE kept_vms SET claimed = 1 WHERE job_id = ?", arguments: [id])
            return try Self.fetchKeptVM(db, id: id)
        }
    }

    private static func fetchKeptVM(_ db: Database, id: Int64) throws -> KeptVM? {
        try Row.fetchOne(db, sql: "SELECT * FROM kept_vms WHERE job_id = ?", arguments: [id]).map {
            KeptVM(
                host: $0["host"],
                port: $0["port"],
                until: Date(timeIntervalSince1970: $0["until"]),
                reason: $0["reason"],
                claimed: $0["claimed"]
            )
        }
    }

    private static func sshKey(from row: Row) -> SSHKey {
        SSHKey(
            id: row["id"],
            owner: row["owner"],
            key: row["key"],
            comment: row["comment"],
            fingerprint: row["fingerprint"],
            createdAt: Date(timeIntervalSince1970: row["created_at"])
        )
    }
}
