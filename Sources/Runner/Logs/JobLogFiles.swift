public import Foundation
public import Manifest
public import NIOCore

/// Writes a job's logs to files as they are produced: `setup.log` and `task-NAME.log` in one
/// folder, appended chunk by chunk (nothing is held in memory), so `tail -f` follows them live.
public actor JobLogFiles: JobEvents {
    /// The folder the logs are in.
    public nonisolated let directory: URL
    private var handles: [String: FileHandle] = [:]
    /// The logs this instance has started: a log written to again after ``close()`` (the VM's
    /// teardown comes after the job's final status) is appended to, not started afresh.
    private var started: Set<String> = []

    /// Logs in a folder, created if needed.
    /// - Parameter directory: the folder.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
    }

    /// The file a log is written to.
    /// - Parameter task: a task's name, or `nil` for the setup log.
    public nonisolated func file(forTask task: String?) -> URL {
        directory.appendingPathComponent(task.map { "task-\($0).log" } ?? "setup.log")
    }

    public func setupLog(_ bytes: ByteBuffer) async {
        append(bytes, to: nil)
    }

    public func taskLog(_ task: String, _ bytes: ByteBuffer) async {
        append(bytes, to: task)
    }

    public func taskStatusChanged(_ task: String, to status: TaskStatus) async {}

    public func jobStatusChanged(to status: JobStatus) async {
        if status.isFinal { close() }
    }

    /// Closes every file.
    public func close() {
        for handle in handles.values { try? handle.close() }
        handles = [:]
    }

    private func append(_ bytes: ByteBuffer, to task: String?) {
        let key = task ?? ""
        if handles[key] == nil {
            let url = file(forTask: task)
            if started.insert(key).inserted {
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            }
            let handle = try? FileHandle(forWritingTo: url)
            _ = try? handle?.seekToEnd()
            handles[key] = handle
        }
        try? handles[key]?.write(contentsOf: bytes.readableBytesView)
    }
}
