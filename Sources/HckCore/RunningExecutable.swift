public import Foundation

/// The running binary, for what lives beside it (`hck-vm`, the installed image catalog).
public enum RunningExecutable {
    /// Its real path (`/proc/self/exe`), symbolic links resolved; the first argument where
    /// `/proc` is not mounted.
    public static var url: URL {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).resolvingSymlinksInPath()
    }
}
