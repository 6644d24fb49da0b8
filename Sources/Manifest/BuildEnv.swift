import Foundation

/// Values the runner knows about a job and exports to every task besides the manifest's environment.
public struct AutomaticVariables: Sendable, Hashable {
    /// `CI_NAME`: the service's name.
    public var ciName: String
    /// `JOB_ID`: the job's number.
    public var jobID: Int64
    /// `JOB_URL`: where the job's page is.
    public var jobURL: String
    /// `OAUTH2_TOKEN`: the job-scoped token; exported only when the manifest sets `oauth`.
    public var oauth2Token: String?

    /// Creates the automatic variables of a job.
    /// - Parameters:
    ///   - ciName: the service's name (`hck`).
    ///   - jobID: the job's number.
    ///   - jobURL: the job's page.
    ///   - oauth2Token: the job-scoped token, when the manifest asked for one.
    public init(ciName: String = "hck", jobID: Int64, jobURL: String, oauth2Token: String? = nil) {
        self.ciName = ciName
        self.jobID = jobID
        self.jobURL = jobURL
        self.oauth2Token = oauth2Token
    }
}

/// Renders `~/.buildenv`, the file every task sources first.
public enum BuildEnv {
    /// The function that ends a job early and successfully after the current task.
    public static let completeBuildFunction = "complete-build() { echo 1 > ~/.complete-build; exit 0; }"

    /// The whole `~/.buildenv` of a job.
    ///
    /// `#!/bin/sh`, the `complete-build` function, `CI_NAME`, `JOB_ID`, `JOB_URL`, `OAUTH2_TOKEN`
    /// (when the manifest sets `oauth`; empty when no token was given), then the environment in
    /// manifest order: strings shell-quoted, bools `true`/`false`, integers as digits, floats `%g`,
    /// null as `""`, lists as bash arrays (not exported) of shell-quoted items.
    /// - Parameters:
    ///   - manifest: the job's manifest.
    ///   - variables: what the runner knows about the job.
    /// - Returns: the file's contents, ending with a newline.
    public static func render(_ manifest: Manifest, variables: AutomaticVariables) -> String {
        var lines = ["#!/bin/sh", completeBuildFunction]
        lines.append("export CI_NAME=\(variables.ciName.shellQuoted)")
        lines.append("export JOB_ID=\(variables.jobID)")
        lines.append("export JOB_URL=\(variables.jobURL.shellQuoted)")
        if manifest.oauth != nil {
            lines.append("export OAUTH2_TOKEN=\((variables.oauth2Token ?? "").shellQuoted)")
        }
        for variable in manifest.environment {
            lines.append(line(for: variable))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The one line that sets `variable`.
    /// - Parameter variable: an environment entry.
    /// - Returns: `export K=V`, or `K=(…)` for a list.
    static func line(for variable: EnvironmentVariable) -> String {
        switch variable.value {
        case .string(let text): "export \(variable.name)=\(text.shellQuoted)"
        case .null: "export \(variable.name)=\"\""
        case .list(let items): "\(variable.name)=(\(items.map { $0.shellText.shellQuoted }.joined(separator: " ")))"
        case .bool, .integer, .float: "export \(variable.name)=\(variable.value.shellText)"
        }
    }
}

extension EnvironmentValue {
    /// The characters the shell variable holds: `true`/`false`, digits, `%g`, the string itself, or
    /// nothing for null (a list's items separated by spaces).
    public var shellText: String {
        switch self {
        case .string(let text): text
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .float(let value): String(format: "%g", value)
        case .null: ""
        case .list(let items): items.map(\.shellText).joined(separator: " ")
        }
    }
}
