import ArgumentParser

/// `hck git-hook install|post-receive`: builds from pushes to a bare repository, as git.sr.ht
/// submits them.
struct GitHookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-hook",
        abstract: "Submit .build.yml and .builds/*.yml of every push to a bare repository.",
        subcommands: [GitHookInstallCommand.self, GitHookPostReceiveCommand.self]
    )
}
