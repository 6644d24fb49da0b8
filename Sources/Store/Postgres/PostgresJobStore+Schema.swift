extension PostgresJobStore {
    /// Schema version 1: what SQLite's v1–v5 and its page tables hold, in PostgreSQL's types (times are
    /// seconds since 1970 as `DOUBLE PRECISION`, like the SQLite store's). `job_times` and
    /// `task_times` are kept by triggers, so no write path has to know about them.
    static let schemaV1: [String] = [
        """
        CREATE TABLE users (
            id BIGSERIAL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            webhook_secret TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        )
        """,
        """
        CREATE TABLE jobs (
            id BIGSERIAL PRIMARY KEY,
            owner TEXT NOT NULL,
            status TEXT NOT NULL,
            manifest TEXT NOT NULL,
            note TEXT,
            tags TEXT[] NOT NULL,
            visibility TEXT NOT NULL,
            image TEXT NOT NULL,
            arch TEXT NOT NULL,
            secrets_enabled BOOLEAN NOT NULL,
            group_id BIGINT,
            runner TEXT,
            lease_expires_at DOUBLE PRECISION,
            deadline DOUBLE PRECISION,
            cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
            reason TEXT,
            triggers_fired BOOLEAN NOT NULL DEFAULT FALSE,
            created_at DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE INDEX jobs_by_status ON jobs (status, id)",
        "CREATE INDEX jobs_by_owner ON jobs (owner, id)",
        "CREATE INDEX jobs_by_group ON jobs (group_id)",
        "CREATE INDEX jobs_by_lease ON jobs (status, lease_expires_at)",
        "CREATE INDEX jobs_by_deadline ON jobs (status, deadline)",
        """
        CREATE TABLE tokens (
            hash TEXT PRIMARY KEY,
            user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            job_id BIGINT REFERENCES jobs (id) ON DELETE CASCADE
        )
        """,
        "CREATE INDEX tokens_by_user ON tokens (user_id)",
        "CREATE INDEX tokens_by_job ON tokens (job_id)",
        """
        CREATE TABLE revoked_tokens (
            hash TEXT PRIMARY KEY,
            user_name TEXT NOT NULL,
            reason TEXT NOT NULL,
            revoked_at DOUBLE PRECISION NOT NULL
        )
        """,
        """
        CREATE TABLE tasks (
            job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            PRIMARY KEY (job_id, position)
        )
        """,
        """
        CREATE TABLE log_chunks (
            id BIGSERIAL PRIMARY KEY,
            job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            task TEXT NOT NULL,
            data BYTEA NOT NULL
        )
        """,
        "CREATE INDEX log_chunks_by_log ON log_chunks (job_id, task, id)",
        """
        CREATE TABLE log_marks (
            chunk_id BIGINT PRIMARY KEY REFERENCES log_chunks (id) ON DELETE CASCADE,
            job_id BIGINT NOT NULL,
            task TEXT NOT NULL,
            end_offset BIGINT NOT NULL,
            end_line BIGINT NOT NULL
        )
        """,
        "CREATE INDEX log_marks_by_log ON log_marks (job_id, task, chunk_id)",
        "CREATE INDEX log_marks_by_offset ON log_marks (job_id, task, end_offset)",
        """
        CREATE TABLE artifacts (
            job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            size BIGINT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (job_id, name)
        )
        """,
        """
        CREATE TABLE runners (
            name TEXT PRIMARY KEY,
            capacity TEXT NOT NULL,
            seen_at DOUBLE PRECISION NOT NULL
        )
        """,
        """
        CREATE TABLE secrets (
            id TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            path TEXT,
            mode INTEGER,
            sealed BYTEA NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            UNIQUE (owner, name)
        )
        """,
        """
        CREATE TABLE deliveries (
            id BIGSERIAL PRIMARY KEY,
            job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            succeeded BOOLEAN NOT NULL,
            detail TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            at DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE INDEX deliveries_by_job ON deliveries (job_id, id)",
        """
        CREATE TABLE job_groups (
            id BIGSERIAL PRIMARY KEY,
            owner TEXT NOT NULL,
            note TEXT,
            triggers TEXT NOT NULL,
            completed BOOLEAN NOT NULL DEFAULT FALSE,
            triggers_fired BOOLEAN NOT NULL DEFAULT FALSE,
            created_at DOUBLE PRECISION NOT NULL
        )
        """,
        """
        CREATE TABLE ssh_keys (
            id BIGSERIAL PRIMARY KEY,
            owner TEXT NOT NULL,
            key TEXT NOT NULL,
            comment TEXT,
            fingerprint TEXT NOT NULL UNIQUE,
            created_at DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE INDEX ssh_keys_by_owner ON ssh_keys (owner, id)",
        """
        CREATE TABLE kept_vms (
            job_id BIGINT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
            host TEXT NOT NULL,
            port INTEGER NOT NULL,
            until DOUBLE PRECISION NOT NULL,
            reason TEXT NOT NULL,
            claimed BOOLEAN NOT NULL DEFAULT FALSE
        )
        """,
        """
        CREATE TABLE web_sessions (
            id_hash TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL REFERENCES tokens (hash) ON DELETE CASCADE,
            expires_at DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at)",
        "CREATE INDEX web_sessions_by_token ON web_sessions (token_hash)",
        """
        CREATE TABLE job_times (
            job_id BIGINT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
            started_at DOUBLE PRECISION,
            finished_at DOUBLE PRECISION,
            runner TEXT
        )
        """,
        """
        CREATE TABLE task_times (
            job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            started_at DOUBLE PRECISION,
            finished_at DOUBLE PRECISION,
            PRIMARY KEY (job_id, name)
        )
        """,
        """
        CREATE FUNCTION hck_note_job_times() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            now DOUBLE PRECISION := extract(epoch FROM clock_timestamp());
        BEGIN
            IF NEW.runner IS NULL AND NEW.status = OLD.status THEN
                RETURN NULL;
            END IF;
            INSERT INTO job_times (job_id) VALUES (NEW.id) ON CONFLICT (job_id) DO NOTHING;
            IF NEW.runner IS NOT NULL THEN
                UPDATE job_times SET runner = NEW.runner WHERE job_id = NEW.id;
            END IF;
            IF NEW.status <> OLD.status AND NEW.status = 'running' THEN
                UPDATE job_times SET started_at = now, finished_at = NULL WHERE job_id = NEW.id;
            ELSIF NEW.status <> OLD.status AND NEW.status IN ('success', 'failed', 'timeout', 'cancelled') THEN
                UPDATE job_times SET finished_at = now WHERE job_id = NEW.id;
            END IF;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER job_times_on_change AFTER UPDATE OF status, runner ON jobs
        FOR EACH ROW EXECUTE FUNCTION hck_note_job_times()
        """,
        """
        CREATE FUNCTION hck_note_task_times() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            now DOUBLE PRECISION := extract(epoch FROM clock_timestamp());
        BEGIN
            IF NEW.status = OLD.status THEN
                RETURN NULL;
            END IF;
            INSERT INTO task_times (job_id, name) VALUES (NEW.job_id, NEW.name) ON CONFLICT (job_id, name) DO NOTHING;
            IF NEW.status = 'running' THEN
                UPDATE task_times SET started_at = now, finished_at = NULL
                    WHERE job_id = NEW.job_id AND name = NEW.name;
            ELSIF NEW.status IN ('success', 'failed') THEN
                UPDATE task_times SET finished_at = now WHERE job_id = NEW.job_id AND name = NEW.name;
            END IF;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER task_times_on_change AFTER UPDATE OF status ON tasks
        FOR EACH ROW EXECUTE FUNCTION hck_note_task_times()
        """,
    ]
}
