/// The commands that drive VMs. They live in the `hck-vm` executable, which links libvirt, so that
/// `hck` itself (submit, jobs, logs, server…) runs on machines without it; `hck` hands these
/// commands to `hck-vm` with their arguments unchanged.
package enum VMCommandName: String, CaseIterable, Sendable {
    /// `hck run`: one manifest in a local VM.
    case run
    /// `hck runner`: a runner node.
    case runner
    /// `hck up`: the server and a runner node in one process.
    case up
    /// `hck image save-state`: make an image's saved state on this host.
    case saveState = "save-state"

    /// What `hck --help` says of it.
    package var abstract: String {
        switch self {
        case .run: "Run a build manifest in a local VM and stream its logs."
        case .runner: "Run a runner node: register this machine's images with a server, take jobs and run them in VMs."
        case .up: "Run the server and a local runner node in one process (the single-machine set-up)."
        case .saveState: "Make a built image's saved state on this host, from which job VMs are restored (needs root)."
        }
    }
}
