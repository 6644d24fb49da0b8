import ArgumentParser
import CLI
import Foundation
import HckCore

/// `hck run`, `hck runner` and `hck up`, carried out by the `hck-vm` executable installed beside
/// `hck` (or in `../libexec/hck/`): this process replaces itself with it, so signals, the
/// terminal and the exit status are the VM command's own.
struct VMCommand {
    /// Replaces this process with `hck-vm COMMAND ARGUMENTS…`.
    static func exec(_ command: VMCommandName, _ arguments: [String]) throws -> Never {
        guard let path = locate() else {
            throw ValidationError(
                "hck \(command.rawValue) needs hck-vm (the part of hck that drives VMs and links libvirt), "
                    + "which is not installed beside \(RunningExecutable.url.path); install hck with `make install`"
            )
        }
        let argv = [path, command.rawValue] + arguments
        var cArguments = argv.map { strdup($0) }
        cArguments.append(nil)
        execv(path, cArguments)
        throw ValidationError("cannot start \(path): \(String(cString: strerror(errno)))")
    }

    /// `hck-vm` beside this executable, or in `../libexec/hck/` as `make install` puts it.
    static func locate() -> String? {
        let directory = RunningExecutable.url.deletingLastPathComponent()
        let candidates = [
            directory.appendingPathComponent("hck-vm"),
            directory.deletingLastPathComponent().appendingPathComponent("libexec/hck/hck-vm"),
        ]
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// `hck run`: see `hck-vm`'s RunCommand.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: VMCommandName.run.rawValue,
        abstract: VMCommandName.run.abstract
    )
    @Argument(parsing: .captureForPassthrough, help: "The command's arguments (hck run --help lists them).")
    var arguments: [String] = []
    func run() throws { try VMCommand.exec(.run, arguments) }
}

/// `hck runner`: see `hck-vm`'s RunnerCommand.
struct RunnerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: VMCommandName.runner.rawValue,
        abstract: VMCommandName.runner.abstract
    )
    @Argument(parsing: .captureForPassthrough, help: "The command's arguments (hck runner --help lists them).")
    var arguments: [String] = []
    func run() throws { try VMCommand.exec(.runner, arguments) }
}

/// `hck up`: see `hck-vm`'s UpCommand.
struct UpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: VMCommandName.up.rawValue,
        abstract: VMCommandName.up.abstract
    )
    @Argument(parsing: .captureForPassthrough, help: "The command's arguments (hck up --help lists them).")
    var arguments: [String] = []
    func run() throws { try VMCommand.exec(.up, arguments) }
}

/// `hck image save-state`: see `hck-vm`'s SaveStateCommand.
struct ImageSaveStateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: VMCommandName.saveState.rawValue,
        abstract: VMCommandName.saveState.abstract
    )
    @Argument(
        parsing: .captureForPassthrough,
        help: "The command's arguments (hck image save-state --help lists them)."
    )
    var arguments: [String] = []
    func run() throws { try VMCommand.exec(.saveState, arguments) }
}
