import ArgumentParser
import CLI
import Foundation
import HckCore
import Server
import Store

/// `hck admin prune [--dry-run]`: removes (or only measures) what has expired now, as a server's pruner does.
struct AdminPruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove ended jobs' expired artifacts, logs and jobs now (--dry-run: only say what would go).",
        discussion: """
            Give the same --keep-… options as the server: a running server prunes by itself, hourly, with \
            its own. Jobs that go whole are counted once, under jobs, with their logs' and artifacts' bytes.
            """
    )

    @OptionGroup var directory: DataDirectoryOption

    @OptionGroup var retention: RetentionOptions

    @Flag(help: "Say what would be removed, and remove nothing.")
    var dryRun = false

    func run() async throws {
        let (retention, dryRun) = (retention.retention, dryRun)
        let steps = try await directory.withAdministration { try await $0.prune(retention, dryRun: dryRun) }
        if steps.isEmpty { print("nothing expires: every --keep-… option is 'never'") }
        for step in steps {
            let verb = dryRun ? "would remove" : "removed"
            let what = step.kind == .jobs ? "job(s)" : "job(s)' \(step.kind.rawValue)"
            print(
                "\(step.kind.rawValue): \(verb) \(step.pruned.jobs) \(what) that ended before "
                    + "\(step.endedBefore.formatted(.iso8601)), \(ByteSize(step.pruned.bytes))"
            )
        }
    }
}
