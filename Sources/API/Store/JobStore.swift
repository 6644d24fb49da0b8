import Foundation
import Manifest

/// Where jobs, their queue state, logs, users, secrets and trigger deliveries live.
///
/// `SQLiteJobStore` (one server) and `PostgresJobStore` (servers sharing a database) implement it;
/// the `JobStoreContract` tests run against both. Every method is one transaction, so two servers
/// sharing a database never hand one job to two runners.
public protocol JobStore: Sendable {
    // MARK: Users and tokens

    /// Creates a user (or runner identity) and stores the SHA-256 hash of its first token.
    /// - Parameters:
    ///   - name: unique name.
    ///   - role: user or runner.
    ///   - tokenHash: hex SHA-256 of the token.
    func createUser(name: String, role: User.Role, tokenHash: String) async throws -> User
    /// Adds a token to an existing user.
    /// - Parameters:
    ///   - userName: the user.
    ///   - tokenHash: hex SHA-256 of the token.
    func addToken(userName: String, tokenHash: String) async throws
    /// The user a token hash belongs to, if any.
    /// - Parameter tokenHash: hex SHA-256 of the presented token.
    func user(tokenHash: String) async throws -> User?
    /// A user by name.
    /// - Parameter name: the user's name.
    func user(named name: String) async throws -> User?
    /// Adds a token that acts for a running job's owner until the job ends or is queued again (the
    /// job's `OAUTH2_TOKEN`); false when the job is not running.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - tokenHash: hex SHA-256 of the token.
    func addJobToken(id: Int64, tokenHash: String) async throws -> Bool
    /// Revokes one token; returns the name of the user it belonged to, or nil when no live token has this hash.
    /// - Parameters:
    ///   - hash: hex SHA-256 of the token.
    ///   - reason: why, shown to whoever presents it later.
    ///   - now: the current time.
    func revokeToken(hash: String, reason: String, now: Date) async throws -> String?
    /// Revokes every token of a user or runner (job tokens included); returns how many. Throws
    /// `StoreError.notFound` when there is no such user.
    /// - Parameters:
    ///   - userName: the user's name.
    ///   - reason: why.
    ///   - now: the current time.
    func revokeTokens(userName: String, reason: String, now: Date) async throws -> Int
    /// A revoked token's record, so a refusal can say it was revoked rather than unknown.
    /// - Parameter hash: hex SHA-256 of the presented token.
    func revokedToken(hash: String) async throws -> RevokedToken?

    // MARK: Jobs

    /// Creates a job: `queued` when `execute`, else `pending`.
    /// - Parameter job: the submission.
    func insert(_ job: NewJob) async throws -> Job
    /// A job by id.
    /// - Parameter id: the job's id.
    func job(id: Int64) async throws -> Job?
    /// A page of jobs, newest first: those whose id is at most `start` (from the newest when nil).
    /// Pages are keyed by id, so jobs submitted meanwhile never shift or repeat a later page.
    /// - Parameters:
    ///   - owner: only this user's jobs, or everyone's when nil.
    ///   - start: the highest id wanted (the previous page's `next`), or nil.
    ///   - limit: at most this many.
    func jobs(owner: String?, startingAt start: Int64?, limit: Int) async throws -> [Job]
    /// Moves a pending job to the queue; returns it, or nil when it was not pending.
    /// - Parameter id: the job's id.
    func start(id: Int64) async throws -> Job?
    /// Cancels a job: at once when not running, else marks it so the runner is told.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - now: the current time.
    func cancel(id: Int64, now: Date) async throws -> Job?

    // MARK: Job groups

    /// Groups the owner's jobs; fails when one is not the owner's or already in a group.
    /// - Parameters:
    ///   - owner: the owner's name.
    ///   - note: free text.
    ///   - triggers: the group's triggers.
    ///   - jobIDs: the jobs.
    func createGroup(owner: String, note: String?, triggers: [GroupTrigger], jobIDs: [Int64]) async throws -> JobGroup
    /// A group by id.
    /// - Parameter id: the group's id.
    func group(id: Int64) async throws -> JobGroup?
    /// True exactly once: the first time it is called after every job of the group has ended.
    /// - Parameter id: the group's id.
    func claimGroupCompletion(id: Int64) async throws -> Bool

    // MARK: Queue

    /// Atomically gives the oldest queued job this runner can run to it, with a lease until `leaseUntil`.
    /// - Parameters:
    ///   - runner: the runner taking a job.
    ///   - leaseUntil: when the lease ends unless extended.
    ///   - deadline: when the job ends `timeout` whatever the runner does (see ``expireDeadlines(now:)``).
    func claim(runner: RunnerRecord, leaseUntil: Date, deadline: Date) async throws -> Job?
    /// Extends the lease of a job the runner holds; nil when it does not hold it (any more).
    /// - Parameters:
    ///   - id: the job's id.
    ///   - runner: the runner's name.
    ///   - leaseUntil: the new end of the lease.
    func heartbeat(id: Int64, runner: String, leaseUntil: Date) async throws -> Job?
    /// Records a task's new status; the runner must hold the job.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - runner: the runner's name.
    ///   - task: the task's name.
    ///   - status: its new status.
    func updateTask(id: Int64, runner: String, task: String, status: TaskStatus) async throws -> Job?
    /// Ends a job the runner holds with a final status.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - runner: the runner's name.
    ///   - status: a final status.
    ///   - reason: why, when the status does not say.
    ///   - now: the current time.
    func finish(id: Int64, runner: String, status: JobStatus, reason: String?, now: Date) async throws -> Job?
    /// Handles leases that ended: jobs whose tasks had not started are queued again, others end
    /// `failed` with reason "runner lost" (`cancelled` when a cancel was asked). Returns the jobs changed.
    /// - Parameter now: the current time.
    func expireLeases(now: Date) async throws -> [Job]
    /// Moves the end of every running job's lease that ends before `until` to `until`: after the store
    /// could not be reached, no runner could heartbeat, and none must lose its job for that. Returns how
    /// many leases it moved.
    /// - Parameter until: the new earliest end of a lease.
    func extendLeases(until: Date) async throws -> Int
    /// Ends `timeout` every running job past its deadline (a runner that hung but heartbeats, or never
    /// reports the end), with the reason saying so. Returns the jobs ended.
    /// - Parameter now: the current time.
    func expireDeadlines(now: Date) async throws -> [Job]
    /// Records (or updates) a runner's declared capacity.
    /// - Parameters:
    ///   - runner: name and capacity.
    ///   - now: the current time.
    func register(runner: RunnerRecord, now: Date) async throws
    /// Every registered runner.
    func runners() async throws -> [RunnerRecord]
    /// How many jobs are in each status.
    func statusCounts() async throws -> [JobStatus: Int]

    // MARK: Logs and artifacts

    /// Stores a chunk of a job's setup log (`task` nil) or a task's log that starts at byte `offset`
    /// of the log, keeping only the bytes the log does not hold yet, in one transaction that no other
    /// append to the log can interleave with; returns the log's length afterwards. A chunk wholly
    /// inside the log (a retry) writes nothing; one over the end adds its tail; one past the end is
    /// refused with `StoreError` `logGap`. A nil `offset` appends the whole chunk at the end.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - task: the task's name, or nil for the setup log.
    ///   - data: the bytes.
    ///   - offset: where in the log the bytes start, or nil for "at its end".
    func appendLog(id: Int64, task: String?, data: Data, at offset: Int?) async throws -> Int
    /// A log's bytes from `offset` on.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - task: the task's name, or nil for the setup log.
    ///   - offset: the first byte wanted.
    func log(id: Int64, task: String?, from offset: Int) async throws -> Data
    /// A log's length in bytes, without reading it.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - task: the task's name, or nil for the setup log.
    func logLength(id: Int64, task: String?) async throws -> Int
    /// Records an artifact stored under the data directory.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - artifact: its record.
    func addArtifact(id: Int64, artifact: Artifact) async throws
    /// A job's artifacts.
    /// - Parameter id: the job's id.
    func artifacts(id: Int64) async throws -> [Artifact]

    // MARK: Secrets and triggers

    /// Stores a (sealed) secret.
    /// - Parameter secret: the secret.
    func addSecret(_ secret: Secret) async throws
    /// A user's secrets.
    /// - Parameter owner: the user's name.
    func secrets(owner: String) async throws -> [Secret]
    /// Ended jobs and completed groups whose triggers have not been fired yet (after a crash or restart).
    func unfiredTriggers() async throws -> [TriggerWork]
    /// Notes that a job's or group's triggers were fired, so a restart does not fire them again.
    /// - Parameter work: the job or group.
    func markTriggersFired(_ work: TriggerWork) async throws
    /// Records a trigger delivery on a job.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - delivery: what happened.
    func recordDelivery(id: Int64, _ delivery: TriggerDelivery) async throws
    /// A job's trigger deliveries.
    /// - Parameter id: the job's id.
    func deliveries(id: Int64) async throws -> [TriggerDelivery]

    // MARK: SSH keys and kept VMs

    /// Registers a user's public key; a key already registered (by anyone) is a `duplicate`.
    /// - Parameters:
    ///   - owner: the user's name.
    ///   - key: the checked key.
    ///   - now: the current time.
    func addSSHKey(owner: String, key: SSHPublicKey, now: Date) async throws -> SSHKey
    /// A user's keys, oldest first.
    /// - Parameter owner: the user's name.
    func sshKeys(owner: String) async throws -> [SSHKey]
    /// Removes one of a user's keys; false when the user has no key with that id.
    /// - Parameters:
    ///   - owner: the user's name.
    ///   - id: the key's id.
    func removeSSHKey(owner: String, id: Int64) async throws -> Bool
    /// The registered key with this fingerprint, whoever owns it.
    /// - Parameter fingerprint: `SHA256:…`.
    func sshKey(fingerprint: String) async throws -> SSHKey?
    /// Records (or, with nil, forgets) where a running job's kept VM can be reached.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - kept: the endpoint, until when and why; a claim already made survives an update.
    func setKeptVM(id: Int64, _ kept: KeptVM?) async throws
    /// Where a job's kept VM can be reached, if the runner reported one.
    /// - Parameter id: the job's id.
    func keptVM(id: Int64) async throws -> KeptVM?
    /// Marks a kept VM claimed (kept until the job's deadline); nil when none is kept.
    /// - Parameter id: the job's id.
    func claimKeptVM(id: Int64) async throws -> KeptVM?
}

extension JobStore {
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
