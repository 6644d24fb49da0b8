import GRDB
import Wire

extension SQLiteJobStore {
    /// See ``JobPageStore/prepareJobPages()``.
    ///
    /// The pages keep two things beside the jobs: `log_marks` (per log chunk, the log's length and
    /// newline count up to it, so a page can show a gigabyte log's tail with true line numbers
    /// without reading it; ``appendLog(id:task:data:at:)`` writes each with its chunk, since a trigger
    /// counting newlines in SQL took a quarter of an append's time) and, filled by SQLite triggers,
    /// `job_times`/`task_times` (when a status changed to running and to a final one, and which runner
    /// last took the job, which the job itself forgets when it ends); and the browser
    /// sessions (`web_sessions`, see ``WebSessionStore``).
    public func prepareJobPages() throws {
        try pool.write { db in
            let marked = try db.tableExists("log_marks")
            // Stores made before job pages remembered the runner get the column (SQLite has no ADD COLUMN IF NOT EXISTS).
            if try db.tableExists("job_times"),
                try !db.columns(in: "job_times").contains(where: { $0.name == "runner" })
            {
                try db.execute(sql: "ALTER TABLE job_times ADD COLUMN runner TEXT")
            }
            try db.execute(sql: Self.pageSchema)
            try db.execute(sql: Self.webSessionSchema)
            if !marked {
                // Logs written before the marks existed are marked once, in order.
                try db.execute(
                    sql: """
                        INSERT INTO log_marks (chunk_id, job_id, task, end_offset, end_line)
                        SELECT id, job_id, task,
                               SUM(LENGTH(data)) OVER w,
                               SUM(LENGTH(data) - LENGTH(CAST(REPLACE(CAST(data AS TEXT), char(10), '') AS BLOB))) OVER w
                        FROM log_chunks WINDOW w AS (PARTITION BY job_id, task ORDER BY id)
                        """
                )
            }
        }
    }

    static let now = "((julianday('now') - 2440587.5) * 86400.0)"

    static let pageSchema = """
        CREATE TABLE IF NOT EXISTS log_marks (
            chunk_id INTEGER PRIMARY KEY REFERENCES log_chunks(id) ON DELETE CASCADE,
            job_id INTEGER NOT NULL,
            task TEXT NOT NULL,
            end_offset INTEGER NOT NULL,
            end_line INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS log_marks_by_log ON log_marks(job_id, task, chunk_id);
        CREATE INDEX IF NOT EXISTS log_marks_by_offset ON log_marks(job_id, task, end_offset);
        DROP TRIGGER IF EXISTS log_marks_on_append;
        CREATE TABLE IF NOT EXISTS job_times (
            job_id INTEGER PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
            started_at REAL,
            finished_at REAL,
            runner TEXT
        );
        CREATE TRIGGER IF NOT EXISTS job_times_on_runner AFTER UPDATE OF runner ON jobs
        WHEN NEW.runner IS NOT NULL BEGIN
            INSERT OR IGNORE INTO job_times (job_id) VALUES (NEW.id);
            UPDATE job_times SET runner = NEW.runner WHERE job_id = NEW.id;
        END;
        CREATE TRIGGER IF NOT EXISTS job_times_on_status AFTER UPDATE OF status ON jobs
        WHEN NEW.status != OLD.status BEGIN
            INSERT OR IGNORE INTO job_times (job_id) VALUES (NEW.id);
            UPDATE job_times SET started_at = \(now), finished_at = NULL
                WHERE job_id = NEW.id AND NEW.status = 'running';
            UPDATE job_times SET finished_at = \(now)
                WHERE job_id = NEW.id AND NEW.status IN ('success', 'failed', 'timeout', 'cancelled');
        END;
        CREATE TABLE IF NOT EXISTS task_times (
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            started_at REAL,
            finished_at REAL,
            PRIMARY KEY (job_id, name)
        );
        CREATE TRIGGER IF NOT EXISTS task_times_on_status AFTER UPDATE OF status ON tasks
        WHEN NEW.status != OLD.status BEGIN
            INSERT OR IGNORE INTO task_times (job_id, name) VALUES (NEW.job_id, NEW.name);
            UPDATE task_times SET started_at = \(now), finished_at = NULL
                WHERE job_id = NEW.job_id AND name = NEW.name AND NEW.status = 'running';
            UPDATE task_times SET finished_at = \(now)
                WHERE job_id = NEW.job_id AND name = NEW.name AND NEW.status IN ('success', 'failed');
        END;
        """
}
