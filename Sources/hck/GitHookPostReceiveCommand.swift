import ArgumentParser
import CLI
import Client
import Foundation
import GitPush
import HckCore
import Wire

/// `hck git-hook post-receive`: what the installed hook runs with git's input. It never fails a
/// push: whatever goes wrong is said, and it exits 0.
struct GitHookPostReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post-receive",
        abstract: "Submit the builds of the refs on standard input (run by the installed hook).",
        shouldDisplay: false
    )

    /// How long the submissions of one push may take before the hook gives up on them.
    static let deadline = Duration.seconds(60)

    @Option(help: "The hck server's URL.")
    var url: String

    @Option(name: .customLong("token-file"), help: "A file holding the API token.")
    var tokenFile: String

    @Option(name: .customLong("clone-url"), help: "The URL manifests may clone this repository from.")
    var cloneURL: String?

    @Option(help: "The repository (default: $GIT_DIR, as git sets it for hooks, else the current directory).")
    var repository: String?

    func run() async throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let path = repository ?? ProcessInfo.processInfo.environment["GIT_DIR"] ?? "."
        do {
            let repo = try await GitRepository(path: path)
            let token = try readToken()
            let api = APIClient(baseURL: try baseURL(), token: token)
            for ref in PushedRef.all(in: input) {
                await build(ref, in: repo, with: api)
            }
        } catch {
            say("nothing submitted: \(error)")
        }
    }

    /// Submits what one ref builds and says what happened.
    private func build(_ ref: PushedRef, in repo: GitRepository, with api: APIClient) async {
        do {
            switch try await PushBuild.of(ref, in: repo, cloneURL: cloneURL) {
            case .skipped(let reason):
                say("\(ref.name): nothing to build: \(reason)")
            case .group(let group):
                let expired: @Sendable () -> any Error = { [url] in
                    ValidationError("hck at \(url) did not answer within \(Self.deadline)")
                }
                let submitted = try await withTimeLimit(Self.deadline, expired: expired) {
                    try await submit(group, with: api)
                }
                let count = submitted.jobs.count
                say(
                    "\(ref.name): \(count) build\(count == 1 ? "" : "s"): "
                        + JobLinks(baseURL: api.baseURL.absoluteString).groupPage(submitted.id)
                )
            }
        } catch {
            say("\(ref.name): nothing submitted: \(error)")
        }
    }

    /// Submits the group's jobs held back, then the group that starts them; jobs already submitted
    /// when a later step fails are cancelled, so a push builds all of its manifests or none.
    private func submit(_ group: PushGroup, with api: APIClient) async throws -> JobGroupView {
        var jobs: [Int64] = []
        do {
            for (file, request) in zip(group.files, group.requests) {
                do {
                    jobs.append(try await api.submit(request).id)
                } catch let error as ClientError where error.reason != .unreachable {
                    throw ValidationError("\(file.path): hck refused it: \(error)")
                }
            }
            return try await api.createGroup(group.groupRequest(jobs: jobs))
        } catch {
            for job in jobs { _ = try? await api.cancel(job) }
            throw error
        }
    }

    private func readToken() throws -> String {
        try SecretFile.read(tokenFile, option: "--token-file")
    }

    private func baseURL() throws -> URL {
        guard let base = URL(string: url), base.scheme == "http" || base.scheme == "https", base.host != nil else {
            throw ValidationError("'\(url)' is not an http(s) URL")
        }
        return base
    }

    /// One line for the pusher (git shows it as `remote: hck: …`).
    private func say(_ line: String) {
        print("hck: \(line)")
        fflush(nil)
    }
}
