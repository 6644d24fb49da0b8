import ArgumentParser
import CLI
import Client
import Foundation
import Manifest
import Server
import Store
import Wire

/// `hck logs JOB [--task NAME] [--follow]`.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print a job's logs, or follow them live."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The job's id.")
    var job: JobID

    @Option(help: "Only this task's log.")
    var task: String?

    @Flag(help: "Keep printing as the logs grow, until the job ends; exit with its outcome.")
    var follow = false

    func run() async throws {
        let api = try client.client()
        if follow {
            let status = try await api.follow(job.value, task: task) { FileHandle.standardOutput.write($0) }
            if status != .success { throw ExitCode.failure }
            return
        }
        let view = try await api.job(job.value)
        let logs: [String?] = task.map { [$0] } ?? [nil] + view.tasks.map(\.name)
        for log in logs {
            _ = try await api.printWhatIsThere(job.value, task: log, from: 0) { FileHandle.standardOutput.write($0) }
        }
    }
}
