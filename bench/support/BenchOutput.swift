public import Foundation

/// The host's load average: /proc/loadavg's first three fields.
public enum LoadAverage {
    /// Now, e.g. `1.92 2.10 2.31`.
    public static var now: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "unknown"
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}

/// Prints a line at once (also into a pipe or a log file, where `print` would buffer).
public func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
