import ArgumentParser
import CLI
import Client
import Foundation
import Server
import Store
import Wire

#if canImport(Glibc)
    import Glibc
#endif

/// `hck ssh JOB [--claim] [-- COMMAND...]`: asks the server where the job's VM is kept and runs the
/// system `ssh` to the runner's gateway, which lets only the job's owner in.
struct SSHCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh",
        abstract: "Connect to a job's VM while it is kept (after a failure, or `shell: true` after its tasks).",
        discussion:
            "Runs `ssh -p PORT connect@RUNNER JOB [COMMAND]` with your own SSH keys; register them first with `hck key add`."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The job's id.")
    var job: JobID

    @Flag(help: "Keep the VM until the job's deadline instead of the few minutes a failed job gets.")
    var claim = false

    @Option(help: "How long to wait for a running job's VM to be kept, in seconds.")
    var wait: Double = 300

    @Option(name: .customLong("ssh-option"), help: "An option passed to ssh as -o OPTION (repeatable).")
    var sshOptions: [String] = []

    @Option(name: [.short, .customLong("identity")], help: "The private key file ssh uses (ssh -i).")
    var identity: String?

    @Argument(parsing: .postTerminator, help: "A command to run in the VM instead of a shell.")
    var command: [String] = []

    func run() async throws {
        let api = try client.client()
        var kept: KeptVM
        do {
            kept = try await api.keptVM(job.value, wait: 0)
        } catch let error as ClientError where error.reason == .notFound && error.message.contains("not kept") {
            writeError("hck: job \(job.value) is still running; waiting up to \(Int(wait)) s for its VM to be kept…")
            kept = try await api.keptVM(job.value, wait: wait)
        }
        if claim {
            kept = try await api.claimKeptVM(job.value)
            writeError("hck: job \(job.value)'s VM is claimed: it stays until the job's deadline")
        }
        var arguments = ["ssh", isatty(0) == 1 ? "-t" : "-T", "-p", String(kept.port)]
        if let identity { arguments += ["-i", identity] }
        for option in sshOptions { arguments += ["-o", option] }
        arguments += ["connect@\(kept.host)", String(job.value)] + command
        fflush(nil)
        let argv = arguments.map { strdup($0) } + [nil]
        execvp("ssh", argv)
        throw ValidationError("cannot run ssh: \(String(cString: strerror(errno))); is OpenSSH's client installed?")
    }
}
