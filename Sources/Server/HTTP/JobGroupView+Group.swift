import HckCore
import Manifest
import Store
import Wire

extension JobGroupView {
    /// Builds the view.
    /// - Parameters:
    ///   - group: the group.
    ///   - jobs: its jobs' views.
    ///   - status: its overall status, once ended.
    init(group: JobGroup, jobs: [JobView], status: JobStatus?) {
        self.init(id: group.id, note: group.note, jobs: jobs, triggers: group.triggers, status: status)
    }
}
