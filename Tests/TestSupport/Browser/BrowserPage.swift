import HckCore
import Testing

/// Polls a page in the browser (not the server) until a condition holds.
package struct BrowserPage {
    package let browser: DevToolsSession

    /// A page driven through `browser`.
    package init(browser: DevToolsSession) {
        self.browser = browser
    }

    /// Returns once `condition` (a JavaScript expression) is true in the page; records an issue and
    /// throws after `limit`.
    package func waitFor(_ what: String, _ condition: String, within limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await browser.evaluate("(function(){ try { return \(condition); } catch (e) { return false; } })()")
                as? Bool == true
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out after \(limit) waiting for \(what) in the page")
        throw Chromium.Failure(description: "timed out waiting for \(what)")
    }
}
