import ArgumentParser
import CLI
import Client
import Foundation
import Manifest
import Server
import Store
import Wire

/// `hck submit FILE...`: submits manifests (several make a job group) and optionally follows the logs.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit build manifests; prints each job's id and URL.",
        discussion:
            "With several files the jobs form a group. With --follow, streams the logs and exits 0 only if every job succeeded."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "Manifest files ('-' reads standard input).")
    var files: [String]

    @Flag(help: "Stream the logs until the jobs end; exit with their outcome.")
    var follow = false

    @Option(help: "A note shown with the job.")
    var note: String?

    @Option(name: .customLong("tag"), help: "A tag (repeatable); tags name the job in emails.")
    var tags: [String] = []

    @Flag(name: .customLong("no-secrets"), help: "Do not give this job your secrets.")
    var noSecrets = false

    @Option(help: "Who may see the jobs: public, unlisted (default) or private.")
    var visibility: String?

    func run() async throws {
        let api = try client.client()
        let chosen: Visibility? = try visibility.map {
            guard let value = Visibility(rawValue: $0) else {
                throw ValidationError("--visibility must be public, unlisted or private, not '\($0)'")
            }
            return value
        }
        var requests: [SubmitRequest] = []
        for file in files {
            let text: String
            if file == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let contents = FileManager.default.contents(atPath: file) else {
                    throw ValidationError("cannot read \(file): does it exist?")
                }
                text = String(decoding: contents, as: UTF8.self)
            }
            requests.append(
                SubmitRequest(
                    manifest: text,
                    note: note,
                    tags: tags.isEmpty ? nil : tags,
                    secrets: !noSecrets,
                    execute: files.count == 1,
                    visibility: chosen
                )
            )
        }
        var jobs: [JobView] = []
        for (file, request) in zip(files, requests) {
            do {
                jobs.append(try await api.submit(request))
            } catch let error as ClientError {
                writeError("\(file): \(error)")
                throw ExitCode.failure
            }
        }
        if jobs.count > 1 {
            let group = try await api.createGroup(JobGroupRequest(jobs: jobs.map(\.id), note: note, execute: true))
            print("group \(group.id): \(group.jobs.count) jobs")
        }
        for job in jobs { print("job \(job.id): \(job.url)") }
        fflush(nil)  // the logs that follow are written unbuffered; keep the job lines first
        guard follow else { return }
        var allSucceeded = true
        for job in jobs {
            let status = try await api.follow(job.id, task: nil) { chunk in
                FileHandle.standardOutput.write(chunk)
            }
            // The job ends when its tasks do; a VM kept after it (a failure, `shell: true`) is reached so.
            let kept = try await api.job(job.id).ssh.map { "; its VM is kept for SSH: \($0)" } ?? ""
            print("job \(job.id): \(status.rawValue)\(kept)")
            allSucceeded = allSucceeded && status == .success
        }
        if !allSucceeded { throw ExitCode.failure }
    }
}
