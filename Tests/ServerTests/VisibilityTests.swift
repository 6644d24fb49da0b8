import Client
import Server
import Store
import TestSupport
import Testing
import Wire

@Suite struct VisibilityTests {
    @Test func parsesTheThreeVisibilities() {
        #expect(Visibility(rawValue: "unlisted") == .unlisted)
        #expect(Visibility(rawValue: "secret") == nil)
    }
}
