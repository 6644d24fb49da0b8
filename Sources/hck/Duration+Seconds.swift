import Foundation

extension Duration {
    /// `12.3 s`: how progress lines show elapsed time.
    var secondsText: String {
        let (seconds, attoseconds) = components
        return String(format: "%.1f s", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
