public import Foundation
import Manifest
import Wire

/// Where jobs, their queue state, logs, users, secrets and trigger deliveries live.
///
/// `SQLiteJobStore` (one server) and `PostgresJobStore` (servers sharing a database) implement it;
/// the `JobStoreContract` tests run against both. Every method is one transaction, so two servers
/// sharing a database never hand one job to two runners.
public protocol JobStore: UserStore, JobRecordStore, QueueStore, LogStore, ArtifactStore, SecretStore, TriggerStore,
    KeyStore, ScheduleStore, RepositoryStore, RetentionStore
{}

extension LogStore {
    /// Appends a chunk at the end of a job's setup log (`task` nil) or a task's log; returns the
    /// log's new length. See ``appendLog(id:task:data:at:)`` for appends a retry cannot repeat.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - task: the task's name, or nil for the setup log.
    ///   - data: the bytes.
    public func appendLog(id: Int64, task: String?, data: Data) async throws -> Int {
        try await appendLog(id: id, task: task, data: data, at: nil)
    }
}
