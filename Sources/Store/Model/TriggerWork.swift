import Foundation
import Wire

/// What has ended and may fire triggers.
public enum TriggerWork: Sendable, Hashable {
    /// A job ended: its manifest's triggers.
    case job(Int64)
    /// Every job of a group ended: the group's triggers.
    case group(Int64)
    /// A group was submitted or started: its commit statuses say so (pending). Not stored: after a
    /// crash the final status still goes, and it is the one that counts.
    case groupStarted(Int64)
}
