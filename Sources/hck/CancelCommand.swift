import ArgumentParser
import CLI
import Client
import Manifest
import Server
import Store
import Wire

/// `hck cancel JOB`.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a job; a running one stops within a second."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The job's id.")
    var job: JobID

    func run() async throws {
        let view = try await client.client().cancel(job.value)
        print("job \(view.id): \(view.status == .running ? "cancel sent to its runner" : view.status.rawValue)")
    }
}
