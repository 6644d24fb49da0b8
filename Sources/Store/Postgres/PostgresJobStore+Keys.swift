public import Foundation
import HckCore
import Logging
import PostgresNIO
public import Wire

extension PostgresJobStore {
    /// See ``JobStore/addSSHKey(owner:key:now:)``.
    public func addSSHKey(owner: String, key: SSHPublicKey, now: Date) async throws -> SSHKey {
        let fingerprint = key.fingerprint
        return try await write("registering \(owner)'s key \(fingerprint)") { [logger] connection in
            let added = try await connection.query(
                """
                INSERT INTO ssh_keys (owner, key, comment, fingerprint, created_at)
                VALUES (\(owner), \(key.keyText), \(key.comment), \(fingerprint), \(now.timeIntervalSince1970))
                ON CONFLICT (fingerprint) DO NOTHING RETURNING id
                """,
                logger: logger
            ).values(Int64.self)
            guard let id = added.first else {
                let holder = try await connection.query(
                    "SELECT owner FROM ssh_keys WHERE fingerprint = \(fingerprint)",
                    logger: logger
                ).values(String.self).first
                let whose = holder == owner ? "you already registered" : "another user registered"
                throw StoreError(
                    .duplicate,
                    "key \(fingerprint) is already registered (\(whose) it); a key belongs to one user"
                )
            }
            return SSHKey(
                id: id,
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
        try await read("listing \(owner)'s keys") { [logger] connection in
            try await connection.query("SELECT * FROM ssh_keys WHERE owner = \(owner) ORDER BY id", logger: logger)
                .records().map(Self.sshKey(from:))
        }
    }

    /// See ``JobStore/removeSSHKey(owner:id:)``.
    public func removeSSHKey(owner: String, id: Int64) async throws -> Bool {
        try await write("removing \(owner)'s key \(id)") { [logger] connection in
            try await !connection.query(
                "DELETE FROM ssh_keys WHERE owner = \(owner) AND id = \(id) RETURNING 1",
                logger: logger
            ).values(Int.self).isEmpty
        }
    }

    /// See ``JobStore/sshKey(fingerprint:)``.
    public func sshKey(fingerprint: String) async throws -> SSHKey? {
        try await read("looking up key \(fingerprint)") { [logger] connection in
            try await connection.query("SELECT * FROM ssh_keys WHERE fingerprint = \(fingerprint)", logger: logger)
                .records().first.map(Self.sshKey(from:))
        }
    }

    /// See ``JobStore/setKeptVM(id:_:)``.
    public func setKeptVM(id: Int64, _ kept: KeptVM?) async throws {
        try await write("recording job \(id)'s kept VM") { [logger] connection in
            guard let kept else {
                try await connection.query("DELETE FROM kept_vms WHERE job_id = \(id)", logger: logger)
                return
            }
            try await connection.query(
                """
                INSERT INTO kept_vms (job_id, host, port, until, reason, claimed)
                VALUES (
                    \(id), \(kept.host), \(kept.port), \(kept.until.timeIntervalSince1970), \(kept.reason),
                    \(kept.claimed)
                )
                ON CONFLICT (job_id) DO UPDATE SET host = excluded.host, port = excluded.port, until = excluded.until,
                    reason = excluded.reason, claimed = kept_vms.claimed OR excluded.claimed
                """,
                logger: logger
            )
        }
    }

    /// See ``JobStore/keptVM(id:)``.
    public func keptVM(id: Int64) async throws -> KeptVM? {
        try await read("reading job \(id)'s kept VM") { [logger] connection in
            try await Self.fetchKeptVM(connection, id: id, logger: logger)
        }
    }

    /// See ``JobStore/claimKeptVM(id:)``.
    public func claimKeptVM(id: Int64) async throws -> KeptVM? {
        try await write("claiming job \(id)'s kept VM") { [logger] connection in
            try await connection.query("UPDATE kept_vms SET claimed = TRUE WHERE job_id = \(id)", logger: logger)
            return try await Self.fetchKeptVM(connection, id: id, logger: logger)
        }
    }

    private static func fetchKeptVM(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> KeptVM?
    {
        try await connection.query("SELECT * FROM kept_vms WHERE job_id = \(id)", logger: logger).records().first.map {
            KeptVM(
                host: try $0.value("host"),
                port: try $0.value("port"),
                until: Date(timeIntervalSince1970: try $0.value("until")),
                reason: try $0.value("reason"),
                claimed: try $0.value("claimed")
            )
        }
    }

    private static func sshKey(from row: PostgresRandomAccessRow) throws -> SSHKey {
        SSHKey(
            id: try row.value("id"),
            owner: try row.value("owner"),
            key: try row.value("key"),
            comment: try row.value("comment"),
            fingerprint: try row.value("fingerprint"),
            createdAt: Date(timeIntervalSince1970: try row.value("created_at"))
        )
    }
}
