public import Foundation
import Manifest
public import Wire

/// Jobs and job groups: what was submitted, by whom, and how each ended.
public protocol JobRecordStore: Sendable {
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
    /// How many jobs there are: the user's, or everyone's when nil (a list's `total`).
    /// - Parameter owner: only this user's jobs, or everyone's when nil.
    func jobCount(owner: String?) async throws -> Int
    /// Moves a pending job to the queue; returns it, or nil when it was not pending.
    /// - Parameter id: the job's id.
    func start(id: Int64) async throws -> Job?
    /// Cancels a job: at once when not running, else marks it so the runner is told.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - now: the current time.
    func cancel(id: Int64, now: Date) async throws -> Job?
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
}
