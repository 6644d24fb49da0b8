import Hummingbird
import Wire

extension APIEnvironment {
    /// `GET /api/runners`: the registered runners as operators see them (``JobService/runnerViews(now:)``).
    func addRunnerListRoutes(to router: Router<APIRequestContext>) {
        router.on(.listRunners) { _, _ -> [RunnerView] in
            try await jobs.runnerViews()
        }
    }
}
