import ArgumentParser
import CLI
import Foundation
import GitPush
import HckCore

/// `hck git-hook install REPO.git --url URL --token-file FILE`.
struct GitHookInstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Make hck the post-receive hook of a bare repository.",
        discussion: """
            An existing post-receive hook is kept as post-receive.before-hck and run first with the \
            same input; installing again rewrites hck's hook. The token is read from the file at each \
            push, so it can be rotated without installing again.
            """
    )

    @Argument(help: "The bare repository, e.g. /srv/git/project.git.")
    var repository: String

    @Option(help: "The hck server's URL.")
    var url: String

    @Option(name: .customLong("token-file"), help: "A file holding the API token the builds are submitted with.")
    var tokenFile: String

    @Option(
        name: .customLong("clone-url"),
        help: "The URL manifests clone this repository from, if their sources do not name it by its name."
    )
    var cloneURL: String?

    func run() async throws {
        guard let base = URL(string: url), base.scheme == "http" || base.scheme == "https", base.host != nil else {
            throw ValidationError("--url must be an http(s) URL, not '\(url)'")
        }
        let tokenPath = URL(fileURLWithPath: tokenFile).standardizedFileURL.path
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw ValidationError("cannot read the token file \(tokenPath): does it exist?")
        }
        do {
            let repo = try await GitRepository(path: repository)
            let hook = PostReceiveHook(
                executable: RunningExecutable.url.path,
                url: url,
                tokenFile: tokenPath,
                cloneURL: cloneURL
            )
            let path = try await repo.postReceiveHookPath()
            switch try hook.install(at: path) {
            case .installed:
                print("installed \(path): pushes to \(repo.name) now submit their builds to \(url)")
            case .updated:
                print("updated hck's hook \(path): pushes to \(repo.name) submit their builds to \(url)")
            case .addedTo(let earlier):
                print("the existing hook is now \(earlier), and \(path) runs it first with the same input")
                print("installed \(path): pushes to \(repo.name) now submit their builds to \(url)")
            }
        } catch let error as GitPushError {
            writeError("hck: \(error)")
            throw ExitCode.failure
        }
    }
}
