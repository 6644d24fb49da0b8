import ArgumentParser
import CLI
import Client
import Manifest
import Server
import Store
import Wire

/// `hck status JOB`: a job's status, each task's, and its trigger deliveries.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show a job and its tasks.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The job's id.")
    var job: JobID

    func run() async throws {
        let view = try await client.client().job(job.value)
        print("job \(view.id): \(view.status.rawValue)\(view.reason.map { " (\($0))" } ?? "")  \(view.url)")
        print(
            "image \(view.image) (\(view.arch)), owner \(view.owner.canonicalName)\(view.runner.map { ", runner \($0)" } ?? "")"
        )
        for task in view.tasks { print("  \(task.status.rawValue)\t\(task.name)") }
        if let ssh = view.ssh { print("  connect with: \(ssh)") }
        for delivery in view.triggers {
            print(
                "  trigger \(delivery.action) → \(delivery.target): \(delivery.succeeded ? "delivered" : "failed") (\(delivery.detail))"
            )
        }
    }
}
