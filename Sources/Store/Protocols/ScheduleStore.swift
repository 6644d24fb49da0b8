public import Foundation

/// Users' schedules, and the claim that makes each tick run once when several servers share a store.
public protocol ScheduleStore: Sendable {
    /// Adds a schedule (its `id` and `lastTick` are ignored); a name the owner already uses is a `duplicate`.
    func addSchedule(_ schedule: Schedule) async throws -> Schedule
    /// An owner's schedules, or everyone's with nil, by id.
    func schedules(owner: String?) async throws -> [Schedule]
    /// Removes an owner's schedule; false when the owner has none of that name.
    func removeSchedule(owner: String, name: String) async throws -> Bool
    /// Claims `tick` of a schedule: true for the one caller that moves its last tick forward to
    /// `tick`, false for every other (the tick was claimed already, or a later one was).
    func claimTick(scheduleID: Int64, tick: Date) async throws -> Bool
}
