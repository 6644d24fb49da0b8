import Testing
import Wire

/// The paths the client builds from Wire's route constants.
@Suite struct APIRouteTests {
    @Test func parametersAreFilledInOrderAndEncodedAsOneSegment() {
        #expect(APIRoute.job.path(42) == "/api/jobs/42")
        #expect(APIRoute.taskLog.parameters == ["id", "task"])
        #expect(APIRoute.taskLog.path(7, "build") == "/api/jobs/7/tasks/build/log")
        #expect(
            APIRoute.jobArtifact.path(7, "sp ace/../x?y&z%") == "/api/jobs/7/artifacts/sp%20ace%2F..%2Fx%3Fy%26z%25"
        )
        #expect(APIRoute.submitJob.path() == "/api/jobs")
    }

    @Test func queryItemsWithoutAValueAreLeftOut() {
        #expect(APIRoute.listJobs.path(query: ["start": nil, "limit": nil]) == "/api/jobs")
        #expect(APIRoute.listJobs.path(query: ["start": "9", "limit": nil]) == "/api/jobs?start=9")
        let request = APIRoute.appendLog.request(3, query: ["task": "a b", "offset": "0"])
        #expect(request.method == "POST")
        #expect(request.path == "/api/runner/jobs/3/log?task=a%20b&offset=0")
    }

    @Test func everyRouteIsListedOnce() {
        #expect(Set(APIRoute.all).count == APIRoute.all.count)
        #expect(Set(APIRoute.all.map(\.description)).count == APIRoute.all.count)
    }
}
