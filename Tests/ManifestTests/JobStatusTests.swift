import Manifest
import Testing

@Suite struct JobStatusTests {
    @Test(arguments: JobStatus.allCases)
    func finalStatesAreTheEndStates(status: JobStatus) {
        #expect(status.isFinal == [.success, .failed, .timeout, .cancelled].contains(status))
    }
}
