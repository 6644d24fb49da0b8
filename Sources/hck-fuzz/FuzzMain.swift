import Foundation

/// Built by scripts/fuzz.sh (`-sanitize=fuzzer -D HCK_LIBFUZZER`), hck-fuzz is libFuzzer: it takes
/// libFuzzer's flags and folders. Built plainly, it replays inputs: each file named, or each file in
/// each folder named, goes through ``FuzzInput/check(_:)`` once, so a finding is replayed under a
/// debugger or in a test.
@main struct FuzzMain {
    static func main() throws {
        #if HCK_LIBFUZZER
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv) { bytes, count in fuzzOneInput(bytes, count) })
        #else
            try replay(CommandLine.arguments.dropFirst())
        #endif
    }

    static func replay(_ paths: ArraySlice<String>) throws {
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("usage: hck-fuzz FILE|FOLDER...\n".utf8))
            exit(2)
        }
        var count = 0
        for path in paths {
            for file in try files(at: path) {
                FuzzInput.check(try Data(contentsOf: file))
                count += 1
            }
        }
        print("hck-fuzz: \(count) inputs replayed, no finding")
    }

    /// The file, or the regular files in the folder (not recursing).
    static func files(at path: String) throws -> [URL] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        let url = URL(fileURLWithPath: path)
        guard isFolder.boolValue else { return [url] }
        return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath }
            .sorted { $0.path < $1.path }
    }
}
