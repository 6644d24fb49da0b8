import Foundation
import HckCore
public import Wire

extension APIClient {
    /// Adds a schedule of the caller's. - Parameter request: the schedule.
    public func addSchedule(_ request: ScheduleRequest) async throws -> ScheduleView {
        try await call(APIRoute.addSchedule.request(), body: request, as: ScheduleView.self)
    }

    /// The caller's schedules.
    public func schedules() async throws -> [ScheduleView] {
        try await call(APIRoute.listSchedules.request(), as: [ScheduleView].self)
    }

    /// Removes one of the caller's schedules. - Parameter name: its name.
    public func removeSchedule(_ name: String) async throws {
        let answer = try await exchange(APIRoute.removeSchedule.request(name))
        try ClientError.check(answer.status, answer.body)
    }
}
