import Foundation
import HckCore
import Manifest
import Store
import Wire

extension JobView {
    /// Builds the view of a job.
    /// - Parameters:
    ///   - job: the stored job.
    ///   - baseURL: the server's public URL, without a trailing slash.
    ///   - deliveries: its trigger deliveries.
    init(_ job: Job, baseURL: String, deliveries: [TriggerDelivery] = []) {
        let links = JobLinks(baseURL: baseURL)
        self.init(
            id: job.id,
            status: job.status,
            note: job.note,
            tags: job.tags,
            visibility: job.visibility,
            image: job.image,
            arch: job.arch,
            runner: job.runner,
            reason: job.reason,
            deadline: job.status == .running ? job.deadline : nil,
            owner: Owner(canonicalName: "~\(job.owner)", name: job.owner),
            setupLog: links.setupLog(job.id),
            tasks: job.tasks.map { TaskView(name: $0.name, status: $0.status, log: links.taskLog(job.id, $0.name)) },
            groupId: job.groupID,
            triggers: deliveries,
            url: links.page(job.id),
            apiUrl: links.api(job.id),
            created: job.createdAt,
            updated: job.updatedAt
        )
    }
}
