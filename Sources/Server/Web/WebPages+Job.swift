import Foundation
import HckCore
import Hummingbird
import Manifest
import Store
import Wire

extension WebPages {
    /// `GET /jobs/:id`: the job page.
    func addJobRoutes(to router: Router<APIRequestContext>) {
        router.get("/jobs/:id") { request, context -> Response in
            let viewer = try await viewer(request, context)
            let job = try await jobs.readable(context.parameters.id(), by: viewer?.name)
            var view = JobPageView(
                job: job,
                times: try await pages.times(id: job.id),
                logs: try await logViews(of: job),
                artifacts: try await store.artifacts(id: job.id),
                deliveries: try await store.deliveries(id: job.id),
                viewer: viewer,
                now: Date()
            )
            view.kept = try await jobs.keptVM(of: job)
            view.expirations = try await store.expirations(id: job.id)
            return page(
                PageLayout(title: "Job #\(job.id)", viewer: viewer, live: view.isLive).render(view.render())
            )
        }
    }

    /// The setup log and each task's log, their last `tailBytes` each.
    func logViews(of job: Job) async throws -> [LogView] {
        var views = [
            LogView(
                key: LogView.key(log: 0),
                title: "Setup",
                rawURL: LogView.rawURL(job: job.id, task: nil),
                slice: try await pages.logTail(id: job.id, task: nil, maxBytes: tailBytes),
                complete: job.status.isFinal
            )
        ]
        for (index, task) in job.tasks.enumerated() {
            views.append(
                LogView(
                    key: LogView.key(log: index + 1),
                    title: "Task \(task.name)",
                    rawURL: LogView.rawURL(job: job.id, task: task.name),
                    slice: try await pages.logTail(id: job.id, task: task.name, maxBytes: tailBytes),
                    complete: job.status.isFinal || task.status == .success || task.status == .failed
                )
            )
        }
        return views
    }
}
