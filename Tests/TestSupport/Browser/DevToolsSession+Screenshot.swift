import Foundation
import HckCore

extension DevToolsSession {
    /// Saves a PNG of the page as it is now (a live page mid-job, say) at this viewport size.
    package func screenshot(to file: String, width: Int, height: Int) async throws {
        _ = try await call(
            "Emulation.setDeviceMetricsOverride",
            ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 700]
        )
        let reply = try await call("Page.captureScreenshot", ["format": "png"])
        guard let base64 = (reply["result"] as? [String: Any])?["data"] as? String,
            let png = Data(base64Encoded: base64)
        else {
            throw Chromium.Failure(description: "Page.captureScreenshot returned no image: \(reply)")
        }
        try png.write(to: URL(fileURLWithPath: file))
    }
}
