import Foundation
import Wire

/// What has ended and may fire triggers.
public enum TriggerWork: Sendable, Hashable {
    /// A job ended: its manifest's triggers.
    case job(Int64)
    /// Every job of a group ended: the group's triggers.
    case group(Int64)
}
