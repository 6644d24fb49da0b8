import Foundation

/// Where page screenshots go.
package enum Screenshots {
    /// Where screenshots go: `HCK_SCREENSHOTS` (the README's are made with
    /// `HCK_SCREENSHOTS=docs/screenshots swift test --filter WebPagesOnAVMTests`, real jobs on real VMs; the
    /// emulated runner's are named `emulated-*`), else a scratch folder.
    package static let folder: String = {
        if let folder = ProcessInfo.processInfo.environment["HCK_SCREENSHOTS"], !folder.isEmpty { return folder }
        return FileManager.default.temporaryDirectory.appendingPathComponent("hck-screenshots").path
    }()
}
