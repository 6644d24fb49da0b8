import ArgumentParser
import CLI

/// `hck-vm`: the commands of `hck` that drive VMs (`run`, `runner`, `up`, `image save-state`). `hck` starts it for
/// them; it is named `hck` in its help and errors since that is what users type.
@main
struct HckVM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hck",
        abstract: "The VM commands of hck: run, runner, up and image save-state.",
        subcommands: [RunCommand.self, RunnerCommand.self, UpCommand.self, SaveStateCommand.self]
    )
}
