import ArgumentParser
import CLI
import Client
import Server
import Store
import Wire

/// `hck resubmit JOB`.
struct ResubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resubmit",
        abstract: "Submit a job's manifest again as a new job."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The job's id.")
    var job: JobID

    func run() async throws {
        let view = try await client.client().resubmit(job.value)
        print("job \(view.id): \(view.url)")
    }
}
