import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Store
import Wire

extension APIEnvironment {
    /// `GET/POST /api/schedules` and `DELETE /api/schedules/:name`: the caller's schedules. They
    /// act for the account at every tick, so a job's token may not touch them. The rules are
    /// ``JobService``'s.
    func addScheduleRoutes(to router: Router<APIRequestContext>) {
        router.on(.listSchedules) { _, context -> [ScheduleView] in
            let user = try context.requireUser(.account)
            let now = jobs.clock.now
            return try await store.schedules(owner: user.name).map { try ScheduleView($0, now: now) }
        }
        router.on(.addSchedule) { request, context -> ScheduleView in
            let user = try context.requireUser(.account)
            let body = try await request.decode(as: ScheduleRequest.self, context: context)
            return try ScheduleView(try await jobs.addSchedule(body, by: user), now: jobs.clock.now)
        }
        router.on(.removeSchedule) { _, context -> HTTPResponse.Status in
            let user = try context.requireUser(.account)
            try await jobs.removeSchedule(named: context.parameters.decoded("name"), by: user)
            return .noContent
        }
    }
}
