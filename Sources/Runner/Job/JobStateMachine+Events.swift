/// What happened, as the I/O shell tells the ``JobStateMachine``.
public enum JobEvent: Sendable, Hashable {
    /// The runner took the job.
    case start
    /// The VM is running (its console printed the host key).
    case vmBooted
    /// SSH answered with the pinned host key and accepted the job key.
    case sshReady
    /// The current setup step ended.
    case setupStepFinished(succeeded: Bool, message: String?)
    /// The current task's script ended.
    case taskFinished(succeeded: Bool)
    /// The current task did not run: an earlier task called `complete-build` (the guest says so
    /// when the next task starts), so it and the rest are skipped and the job goes on to its
    /// artifacts as if the tasks had ended.
    case completeBuildFound
    /// Artifacts were copied out, or `failure` says which one could not be.
    case artifactsCollected(failure: String?)
    /// The keep-alive period is over.
    case keepAliveEnded
    /// The VM is destroyed and its overlay deleted.
    case vmDestroyed
    /// Something the runner did failed outside a script (boot, SSH, copying): the message says what.
    case failed(String)
    /// The job's deadline passed.
    case deadlinePassed
    /// Someone cancelled the job, or the runner is shutting down.
    case cancelled
}

/// What the I/O shell must do next.
public enum JobAction: Sendable, Hashable {
    /// Boot the VM.
    case bootVM
    /// Wait until SSH answers.
    case waitForSSH
    /// Run setup step number N.
    case runSetupStep(Int)
    /// Run task number N.
    case runTask(Int)
    /// Copy the artifacts out.
    case collectArtifacts
    /// Keep the VM for SSH access for at most this long (and never past the deadline).
    case keepAlive(Duration)
    /// Destroy the VM and delete its overlay.
    case destroyVM
    /// The job is over with this status.
    case finish
    /// Nothing: the event did not change what to do (e.g. a late event after cancellation).
    case none
}
