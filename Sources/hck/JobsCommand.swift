import ArgumentParser
import CLI
import Client
import Manifest
import Server
import Store
import Wire

/// `hck jobs`: your jobs, newest first, a page at a time.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "List your jobs, newest first.")

    @OptionGroup var client: ClientOptions

    @Option(help: "How many jobs to show (1-100).")
    var limit = 20

    @Option(help: "Start at this job id (the 'more:' line of the previous page names it).")
    var start: Int64?

    func run() async throws {
        let page = try await client.client().jobs(start: start, limit: limit)
        for job in page.results {
            let note = job.note.map { " \($0)" } ?? ""
            print("#\(job.id)\t\(job.status.rawValue)\t\(job.image)\(note)")
        }
        if let next = page.next { writeError("more: hck jobs --start \(next)") }
    }
}
