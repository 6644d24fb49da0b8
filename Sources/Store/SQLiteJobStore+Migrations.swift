import GRDB
import Wire

extension SQLiteJobStore {
    /// The versioned schema. Never edit a registered migration: add the next one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: users, jobs, tasks, logs, artifacts, runners, secrets, deliveries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL,
                        webhook_secret TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE tokens (
                        hash TEXT PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE
                    );
                    CREATE TABLE jobs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        owner TEXT NOT NULL,
                        status TEXT NOT NULL,
                        manifest TEXT NOT NULL,
                        note TEXT,
                        tags TEXT NOT NULL,
                        visibility TEXT NOT NULL,
                        image TEXT NOT NULL,
                        arch TEXT NOT NULL,
                        secrets_enabled INTEGER NOT NULL,
                        group_id INTEGER,
                        runner TEXT,
                        lease_expires_at REAL,
                        cancel_requested INTEGER NOT NULL DEFAULT 0,
                        reason TEXT,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX jobs_by_status ON jobs(status, id);
                    CREATE INDEX jobs_by_owner ON jobs(owner, id);
                    CREATE TABLE tasks (
                        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        status TEXT NOT NULL,
                        PRIMARY KEY (job_id, position)
                    );
                    CREATE TABLE log_chunks (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                        task TEXT NOT NULL,
                        data BLOB NOT NULL
                    );
                    CREATE INDEX log_chunks_by_log ON log_chunks(job_id, task, id);
                    CREATE TABLE artifacts (
                        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (job_id, name)
                    );
                    CREATE TABLE runners (
                        name TEXT PRIMARY KEY,
                        capacity TEXT NOT NULL,
                        seen_at REAL NOT NULL
                    );
                    CREATE TABLE secrets (
                        id TEXT PRIMARY KEY,
                        owner TEXT NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        path TEXT,
                        mode INTEGER,
                        sealed BLOB NOT NULL,
                        created_at REAL NOT NULL,
                        UNIQUE (owner, name)
                    );
                    CREATE TABLE deliveries (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                        action TEXT NOT NULL,
                        target TEXT NOT NULL,
                        succeeded INTEGER NOT NULL,
                        detail TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        at REAL NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2: job groups") { db in
            try db.execute(
                sql: """
                    CREATE TABLE job_groups (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        owner TEXT NOT NULL,
                        note TEXT,
                        triggers TEXT NOT NULL,
                        completed INTEGER NOT NULL DEFAULT 0,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX jobs_by_group ON jobs(group_id);
                    """
            )
        }
        migrator.registerMigration("v3: triggers fired, so a restart fires what a crash left") { db in
            // Rows from before this migration count as fired: nobody knows any more.
            try db.execute(
                sql: """
                    ALTER TABLE jobs ADD COLUMN triggers_fired INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE job_groups ADD COLUMN triggers_fired INTEGER NOT NULL DEFAULT 1;
                    """
            )
        }
        migrator.registerMigration("v4: job deadlines, job-scoped tokens, revoked tokens") { db in
            try db.execute(
                sql: """
                    ALTER TABLE jobs ADD COLUMN deadline REAL;
                    CREATE INDEX jobs_by_deadline ON jobs(status, deadline);
                    ALTER TABLE tokens ADD COLUMN job_id INTEGER REFERENCES jobs(id) ON DELETE CASCADE;
                    CREATE INDEX tokens_by_user ON tokens(user_id);
                    CREATE INDEX tokens_by_job ON tokens(job_id);
                    CREATE TABLE revoked_tokens (
                        hash TEXT PRIMARY KEY,
                        user_name TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        revoked_at REAL NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v5: users' SSH keys and kept VMs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ssh_keys (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        owner TEXT NOT NULL,
                        key TEXT NOT NULL,
                        comment TEXT,
                        fingerprint TEXT NOT NULL UNIQUE,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX ssh_keys_by_owner ON ssh_keys(owner, id);
                    CREATE TABLE kept_vms (
                        job_id INTEGER PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
                        host TEXT NOT NULL,
                        port INTEGER NOT NULL,
                        until REAL NOT NULL,
                        reason TEXT NOT NULL,
                        claimed INTEGER NOT NULL DEFAULT 0
                    );
                    """
            )
        }
        migrator.registerMigration("v6: schedules") { db in
            try db.execute(
                sql: """
                    CREATE TABLE schedules (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        owner TEXT NOT NULL,
                        name TEXT NOT NULL,
                        cron TEXT NOT NULL,
                        manifests TEXT NOT NULL,
                        tags TEXT NOT NULL,
                        note TEXT,
                        created_at REAL NOT NULL,
                        last_tick REAL,
                        UNIQUE (owner, name)
                    );
                    """
            )
        }
        migrator.registerMigration("v7: the secrets key's fingerprint") { db in
            try db.execute(
                sql: """
                    CREATE TABLE secrets_key (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        fingerprint TEXT NOT NULL,
                        recorded_at REAL NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v8: when retention removed a job's artifacts or logs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE expirations (
                        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL,
                        expired_at REAL NOT NULL,
                        PRIMARY KEY (job_id, kind)
                    );
                    CREATE INDEX jobs_by_update ON jobs(updated_at);
                    """
            )
        }
        migrator.registerMigration("v9: registered repositories") { db in
            try db.execute(
                sql: """
                    CREATE TABLE repositories (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        owner TEXT NOT NULL,
                        name TEXT NOT NULL,
                        forge TEXT NOT NULL,
                        clone_url TEXT NOT NULL,
                        api_url TEXT,
                        sealed_secret BLOB NOT NULL,
                        sealed_api_token BLOB,
                        fork_builds TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        UNIQUE (owner, name)
                    );
                    CREATE INDEX repositories_by_clone_url ON repositories(forge, clone_url);
                    """
            )
        }
        return migrator
    }
}
