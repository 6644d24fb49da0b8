import ArgumentParser
import CLI

/// `hck-vm`: the commands of `hck` that drive VMs (`run`, `runner`, `up`). `hck` starts it for
/// them; it is named `hck` in its help and errors since that is what users type.
@main
struct HckVM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hck",
        abstract: "The VM commands of hck: run, runner and up.",
        subcommands: [RunCommand.self, RunnerCommand.self, UpCommand.self]
    )
}
