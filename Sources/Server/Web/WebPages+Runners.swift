import Hummingbird

extension WebPages {
    /// `/runners`: the registered runners (``JobService/runnerViews(now:)``, as `GET /api/runners`).
    func addRunnerRoutes(to router: Router<APIRequestContext>) {
        router.get("/runners") { request, context -> Response in
            let viewer = try await viewer(request, context)
            let view = RunnerListView(runners: try await jobs.runnerViews())
            return page(PageLayout(title: "Runners", viewer: viewer).render(view.render()))
        }
    }
}
