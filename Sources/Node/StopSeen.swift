/// The stop a job session acted on, if any: the job's end that the runner reports after it (a
/// cancelled or handed-back job's VM going) is reported as that stop decides.
actor StopSeen {
    /// The stop, once one came.
    private(set) var reason: StopReason?

    /// Records the stop about to be acted on.
    func note(_ reason: StopReason) {
        self.reason = reason
    }
}
