import Foundation
import HckCore
import Images

/// The last stage: the same job through `hck up` (the `hck` built next to this benchmark: the real
/// server on SQLite and a runner node in one process, on loopback), so the task's log goes through
/// the node's `LogUplink` into the server's database.
///
/// The figure is the server's own: from the moment it stored the task's `running` to the moment it
/// stored its `success`, which the node sends only after every byte of the log, so it is the time
/// until the whole log was stored. The bench cannot link the node in-process (its target depends
/// on Runner alone), so it runs the product as a user does and reads the server's clock from its
/// database.
struct UplinkRun {
    /// What the run measured.
    struct Figures {
        var time: Duration
        var logBytes: Int
        /// `hck up`'s resident memory (server and node) when the task started and the most seen after.
        var memory: (start: Double, peak: Double)
        var load: String
    }

    let hck: String
    let work: URL
    let imageRoot: String?
    let firstJobID: Int64

    func run(manifest: String, task: String) async throws -> Figures {
        let data = work.appendingPathComponent("up")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let socket = try LoopbackSocket.bind()
        let port = socket.port
        socket.close()
        let base = "http://127.0.0.1:\(port)"
        let logFile = work.appendingPathComponent("up.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        defer { try? log.close() }
        var arguments = [
            "up", "--data", data.path, "--listen", "127.0.0.1:\(port)", "--no-ssh", "--failed-keep", "0s",
            "--work-dir", work.appendingPathComponent("up-work").path, "--first-job-id", "\(firstJobID)",
        ]
        if let imageRoot { arguments += ["--image-dir", imageRoot] }
        let upArguments = arguments
        return try await withThrowingTaskGroup(of: Figures?.self) { group in
            group.addTask {
                let status = try await ChildProcess.run(hck, upArguments, output: log)
                throw StageFailure("hck up ended (status \(status)) before the job did; see \(logFile.path)")
            }
            group.addTask {
                try await measure(data: data, base: base, manifest: manifest, task: task)
            }
            // The measuring task returns; `hck up` only ends when cancelled.
            while let figures = try await group.next() {
                if let figures {
                    group.cancelAll()
                    return figures
                }
            }
            throw StageFailure("no figures from hck up")
        }
    }

    private func measure(data: URL, base: String, manifest: String, task: String) async throws -> Figures {
        let tokenFile = data.appendingPathComponent("user.token")
        var token: String?
        for _ in 0..<600 where token == nil {
            try await Task.sleep(for: .milliseconds(100))
            token = (try? String(contentsOf: tokenFile, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines
            )
            if token?.isEmpty == true { token = nil }
        }
        guard let token else { throw StageFailure("hck up made no user.token in 60 s") }
        let file = work.appendingPathComponent("uplink.yml")
        try manifest.write(to: file, atomically: true, encoding: .utf8)
        var submitted: (status: Int32, text: String) = (1, "")
        for _ in 0..<100 {
            submitted = try await ChildProcess.output(
                "/usr/bin/env",
                ["HCK_URL=\(base)", "HCK_TOKEN=\(token)", hck, "submit", file.path]
            )
            if submitted.status == 0 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        guard submitted.status == 0,
            let line = submitted.text.split(separator: "\n").first(where: { $0.hasPrefix("job ") }),
            let id = Int(line.dropFirst(4).prefix { $0.isNumber })
        else { throw StageFailure("hck submit failed: \(submitted.text)") }
        print("uplink: job \(id) submitted to hck up at \(base)")
        let process = try pid(of: data.path)
        let database = data.appendingPathComponent("hck.sqlite").path
        var started: Double?
        var memory = (start: 0.0, peak: 0.0)
        var load = "?"
        while true {
            try await Task.sleep(for: .milliseconds(500))
            let rss = OutputMeter.residentMiB(of: process)
            if started == nil {
                started = try await query(
                    database,
                    "SELECT started_at FROM task_times WHERE job_id = \(id) AND name = '\(task)'"
                ).first
                if started != nil { memory = (rss, rss) }
            } else {
                memory.peak = max(memory.peak, rss)
            }
            let status = try await query(
                database,
                "SELECT status = 'running' OR status = 'queued' FROM jobs WHERE id = \(id)"
            )
            if status.first == 1 { continue }
            load = StageRuns.loadAverage()
            break
        }
        let times = try await query(
            database,
            "SELECT started_at, finished_at FROM task_times WHERE job_id = \(id) AND name = '\(task)' AND finished_at IS NOT NULL"
        )
        let size = try await query(
            database,
            "SELECT max(end_offset) FROM log_marks WHERE job_id = \(id) AND task = '\(task)'"
        )
        guard times.count == 2, let bytes = size.first else {
            throw StageFailure("job \(id) did not finish its task \(task); see \(work.path)/up.log")
        }
        return Figures(
            time: .milliseconds(Int64((times[1] - times[0]) * 1000)),
            logBytes: Int(bytes),
            memory: memory,
            load: load
        )
    }

    /// Numbers from the server's SQLite database (read while it runs, as any reader of a WAL database may).
    private func query(_ database: String, _ sql: String) async throws -> [Double] {
        let (status, text) = try await ChildProcess.output("/usr/bin/sqlite3", ["-separator", "\n", database, sql])
        guard status == 0 else { throw StageFailure("sqlite3 \(sql): \(text)") }
        return text.split(separator: "\n").compactMap { Double($0) }
    }

    /// The process of the `hck up` serving this data folder (`hck up` goes on as `hck-vm up`).
    private func pid(of data: String) throws -> Int {
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = Int(entry),
                let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                let words = String(data: cmdline, encoding: .utf8)?.split(separator: "\0"),
                words.first.map({ $0.hasSuffix("/hck") || $0.hasSuffix("/hck-vm") }) == true,
                words.contains(Substring(data))
            else { continue }
            return pid
        }
        throw StageFailure("no hck up process for \(data)")
    }
}
