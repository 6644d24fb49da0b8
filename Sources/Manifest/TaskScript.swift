/// Renders the file a task runs as (`~/.tasks/NAME`).
public enum TaskScript {
    /// The lines before every script: bash, the build environment, trace and stop on error.
    public static let preamble = "#!/usr/bin/env bash\n. ~/.buildenv\nset -xe\n"

    /// The preamble, then the task's script (given a final newline when it lacks one).
    /// - Parameter task: the task.
    /// - Returns: the script file's contents.
    public static func render(_ task: BuildTask) -> String {
        var script = preamble + task.script
        if !script.hasSuffix("\n") {
            script += "\n"
        }
        return script
    }
}
