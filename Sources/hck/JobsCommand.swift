import API
import ArgumentParser
import Manifest

/// `hck jobs`: your jobs, newest first.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "List your jobs, newest first.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        for job in try await client.client().jobs() {
            let note = job.note.map { " \($0)" } ?? ""
            print("#\(job.id)\t\(job.status.rawValue)\t\(job.image)\(note)")
        }
    }
}
