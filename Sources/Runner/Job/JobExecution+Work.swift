import Foundation
import Manifest
import NIOCore

extension JobExecution {
    /// Runs one setup step's commands; the first failure fails the step.
    mutating func runSetupStep(_ index: Int) async -> JobEvent {
        guard let connection, let step = try? plan.get().steps[index] else {
            return .failed("internal error: no connection for setup")
        }
        let events = self.events
        await events.setupLine("\u{1B}[1m==> \(step.title)\u{1B}[0m")
        let result = await racingDeadline(machine.deadline!) { () -> String? in
            for command in step.commands {
                await events.setupLine("$ \(command.display)")
                var tail = OutputTail()
                let exit = try await connection.run(command.command, stdin: command.stdin) { piece in
                    switch piece {
                    case .stdout(let bytes), .stderr(let bytes):
                        tail.append(bytes)
                        await events.setupLog(bytes)
                    case .exit: break
                    }
                }
                if !exit.succeeded {
                    let lines = command.display.split(separator: "\n", omittingEmptySubsequences: false)
                    let shown = lines.count > 1 ? "\(lines[0]) …" : command.display
                    return "setup step '\(step.title)' failed: `\(shown)` ended with \(exit)"
                        + (tail.lastLine.map { ": \($0)" } ?? "")
                }
            }
            return nil
        }
        if case .value(let failure) = result {
            if Task.isCancelled { return .cancelled }
            if let failure { await events.setupLine("hck: \(failure)") }
            return .setupStepFinished(succeeded: failure == nil, message: failure)
        }
        return interrupted(result) { "setup step '\(step.title)' could not run: \($0)" }
    }

    /// Copies the artifacts out.
    mutating func collectArtifacts() async -> JobEvent {
        let artifacts = request.manifest.artifacts
        guard !artifacts.isEmpty else { return .artifactsCollected(failure: nil) }
        guard let connection else { return .failed("internal error: no connection for artifacts") }
        let configuration = runner.configuration
        let copy = ArtifactCopy(
            destination: configuration.artifactDirectory ?? directory.appendingPathComponent("artifacts"),
            sizeLimit: configuration.artifactSizeLimit
        )
        let events = self.events
        await events.setupLine("\u{1B}[1m==> Copying artifacts\u{1B}[0m")
        let result = await racingDeadline(machine.deadline!) {
            try await copy.copy(artifacts, over: connection) { await events.setupLine("hck: \($0)") }
        }
        if case .value(let failure) = result {
            if Task.isCancelled { return .cancelled }
            return .artifactsCollected(failure: failure)
        }
        return interrupted(result) { "artifacts could not be copied: \($0)" }
    }
}
