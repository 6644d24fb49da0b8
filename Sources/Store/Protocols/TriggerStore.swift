import Foundation
import Manifest
public import Wire

/// Which ended jobs' triggers have fired, and each delivery.
public protocol TriggerStore: Sendable {
    /// Ended jobs and completed groups whose triggers have not been fired yet (after a crash or restart).
    func unfiredTriggers() async throws -> [TriggerWork]
    /// Notes that a job's or group's triggers were fired, so a restart does not fire them again.
    /// - Parameter work: the job or group.
    func markTriggersFired(_ work: TriggerWork) async throws
    /// Records a trigger delivery on a job.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - delivery: what happened.
    func recordDelivery(id: Int64, _ delivery: TriggerDelivery) async throws
    /// A job's trigger deliveries.
    /// - Parameter id: the job's id.
    func deliveries(id: Int64) async throws -> [TriggerDelivery]
}
