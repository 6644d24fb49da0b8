import ArgumentParser
import CLI
import Client
import Foundation
import Manifest
import Wire

/// `hck schedule add NAME --cron EXPR MANIFEST...`: manifests are checked here first, with their
/// file names, and again by the server, which also checks the images and secrets they name.
struct ScheduleAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a schedule: the server submits the manifests as one job group at each tick.",
        discussion: """
            Each tick is submitted once, also with several servers on one database; after downtime only \
            the last missed tick is, and its note says how many were missed. The jobs are yours, with \
            your secrets, and their note says which schedule and tick submitted them.
            """
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The schedule's name: letters, digits, '.', '_' or '-', unique among yours.")
    var name: String

    @Option(
        help: ArgumentHelp(
            "When it runs, in UTC: MINUTE HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK, e.g. \"0 3 * * *\" (or @daily, @hourly…).",
            valueName: "expression"
        )
    )
    var cron: String

    @Argument(help: "Manifest files ('-' reads standard input), submitted together at each tick.")
    var files: [String]

    @Option(name: .customLong("tag"), help: "A tag for the jobs (repeatable).")
    var tags: [String] = []

    @Option(help: "A note for the jobs; each tick adds which tick it is.")
    var note: String?

    func run() async throws {
        do {
            _ = try CronSchedule(parsing: cron)
        } catch {
            throw ValidationError("--cron: \(error)")
        }
        var manifests: [String] = []
        var valid = true
        for file in files {
            switch ManifestFile.read(file) {
            case .failure(let unreadable):
                writeError("\(file): error: \(unreadable.diagnostic.message)")
                valid = false
            case .success(let text):
                let diagnostics = ManifestFile.check(text, file: file)
                for diagnostic in diagnostics { writeError(diagnostic.description) }
                valid = valid && !diagnostics.contains { $0.severity == .error }
                manifests.append(text)
            }
        }
        guard valid else { throw ExitCode.failure }
        let request = ScheduleRequest(
            name: name,
            cron: cron,
            manifests: manifests,
            tags: tags.isEmpty ? nil : tags,
            note: note
        )
        let schedule: ScheduleView
        do {
            schedule = try await client.client().addSchedule(request)
        } catch let error as ClientError {
            writeError(fileNamed("\(error)"))
            throw ExitCode.failure
        }
        let next = schedule.nextTick.map { ISO8601DateFormatter().string(from: $0) } ?? "none within 30 years"
        print("schedule \(schedule.name) (\(schedule.cron)): next tick \(next)")
    }

    /// The server's words with `manifest N` (how it calls the Nth manifest) replaced by its file.
    private func fileNamed(_ text: String) -> String {
        var named = text
        for (index, file) in files.enumerated().reversed() {
            let server = files.count == 1 ? "manifest" : "manifest \(index + 1)"
            for separator in [":", " "] {
                named = named.replacingOccurrences(of: server + separator, with: file + separator)
            }
        }
        return named
    }
}
