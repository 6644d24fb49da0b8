import Foundation
import HckCore
import Store
import TestSupport
import Testing
import Wire

/// SQLite's log storage as bench/log-ingest left it: a new database has 16 KiB pages and
/// checkpoints at 32 MiB of WAL, and each chunk's mark (length and newline count) is written by
/// the append itself; a database from before, whose trigger wrote the marks, loses the trigger when
/// opened and keeps counting right.
@Suite struct SQLiteLogMarksTests {
    @Test func aNewDatabaseHasLargePagesAndAnOldOneLosesItsMarkTrigger() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("hck.sqlite")
        var store: SQLiteJobStore? = try SQLiteJobStore(path: path)
        let job = try await store!.insert(.sample())
        #expect(try await store!.appendLog(id: job.id, task: nil, data: Data("one\ntwo\nthr".utf8), at: 0) == 11)
        store = nil
        #expect(try await Self.sqlite(path, "PRAGMA page_size; PRAGMA journal_mode;") == "16384\nwal")

        // As a store made before: the trigger that counted newlines in SQL is back.
        _ = try await Self.sqlite(
            path,
            """
            CREATE TRIGGER log_marks_on_append AFTER INSERT ON log_chunks BEGIN
                INSERT INTO log_marks (chunk_id, job_id, task, end_offset, end_line)
                VALUES (NEW.id, NEW.job_id, NEW.task, 0, 0);
            END;
            """
        )
        store = try SQLiteJobStore(path: path)
        #expect(
            try await Self.sqlite(
                path,
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'log_marks_on_append';"
            ) == "0"
        )
        #expect(try await store!.appendLog(id: job.id, task: nil, data: Data("ee\nfour\n\n".utf8), at: 11) == 20)
        let tail = try await store!.logTail(id: job.id, task: nil, maxBytes: 6)
        #expect(tail.linesBefore == 3 && tail.offset == 14, "newlines before the last 6 bytes: \(tail)")
        let slice = try await store!.log(id: job.id, task: nil, from: 4, maxBytes: 1 << 20)
        #expect(String(decoding: slice.data, as: UTF8.self) == "two\nthree\nfour\n\n" && slice.length == 20)
    }

    /// The sqlite3 shell's answer to `statements`.
    static func sqlite(_ path: String, _ statements: String) async throws -> String {
        let result = try await ChildProcess.run(["sqlite3", path, statements])
        #expect(result.status == 0, "sqlite3: \(result.output)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
