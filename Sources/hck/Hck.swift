import ArgumentParser

/// `hck`: submit builds, run them locally, and operate the service.
@main
struct Hck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hck",
        abstract: "An ephemeral-VM CI service for builds.sr.ht-style manifests.",
        subcommands: [ValidateCommand.self]
    )
}
