import HckCore
import Manifest
import Store
import Wire

/// How a status looks on a page: an icon (text, so it reads without colour too) and a class that colours it.
enum StatusStyle {
    /// The icon of a job's status.
    static func icon(_ status: JobStatus) -> String {
        switch status {
        case .pending: "○"
        case .queued: "◷"
        case .running: "◐"
        case .success: "✔"
        case .failed: "✘"
        case .timeout: "⌛"
        case .cancelled: "⊘"
        }
    }

    /// The icon of a task's status.
    static func icon(_ status: TaskStatus) -> String {
        switch status {
        case .pending: "○"
        case .running: "◐"
        case .success: "✔"
        case .failed: "✘"
        case .skipped: "↷"
        }
    }

    /// A job's status as a coloured label.
    static func label(_ status: JobStatus) -> HTML {
        "<span class=\"status s-\(status.rawValue)\">\(icon(status)) \(status.rawValue)</span>"
    }

    /// A task's status as a coloured label.
    static func label(_ status: TaskStatus) -> HTML {
        "<span class=\"status s-\(status.rawValue)\">\(icon(status)) \(status.rawValue)</span>"
    }
}
