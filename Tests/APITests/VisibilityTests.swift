import API
import Testing

@Suite struct VisibilityTests {
    @Test func parsesTheThreeVisibilities() {
        #expect(Visibility(rawValue: "unlisted") == .unlisted)
        #expect(Visibility(rawValue: "secret") == nil)
    }
}
