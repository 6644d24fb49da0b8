import HckCore
import Manifest
import Store
import Wire

/// A shields-style SVG badge: a grey label and a coloured status, as buildhck's status.svg.
struct StatusBadge {
    var label: String
    var status: JobStatus?

    var message: String { status?.rawValue ?? "unknown" }

    var colour: String {
        switch status {
        case .success: "#2e9e44"
        case .failed, .timeout: "#d73a3a"
        case .running: "#d9a400"
        case .queued, .pending: "#3b7dd8"
        case .cancelled, nil: "#8a8a8a"
        }
    }

    /// The SVG document; text widths are estimated (Verdana-like 11px, about 7 px a character).
    func render() -> HTML {
        let left = 10 + label.count * 7
        let right = 10 + message.count * 7
        let width = left + right
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="20" role="img" aria-label="\(label): \(message)">\
            <title>\(label): \(message)</title>\
            <rect width="\(left)" height="20" fill="#555"/><rect x="\(left)" width="\(right)" height="20" fill="\(colour)"/>\
            <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">\
            <text x="\(left / 2)" y="14">\(label)</text><text x="\(left + right / 2)" y="14">\(message)</text></g></svg>
            """
    }
}
