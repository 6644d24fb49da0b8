import Foundation
import Manifest
import Testing

/// Real manifests from public projects (read in place from the shared corpus, never copied here) must validate.
@Suite struct CorpusTests {
    /// `$HCK_CORPUS`, or `<repo>/../shared/corpus/srht-manifests`.
    static var folder: URL {
        if let override = ProcessInfo.processInfo.environment["HCK_CORPUS"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repository.deletingLastPathComponent().appending(path: "shared/corpus/srht-manifests")
    }

    static func manifests() throws -> [URL] {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        return files.filter { ["yml", "yaml"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
    }

    @Test func everyCorpusManifestIsValidAndRendersToShellThatParses() async throws {
        let files: [URL]
        do {
            files = try Self.manifests()
        } catch {
            Issue.record(
                "The manifest corpus is missing: expected .yml files in \(Self.folder.path) (set HCK_CORPUS to its folder). \(error)"
            )
            return
        }
        try #require(!files.isEmpty, "no .yml files in the corpus folder \(Self.folder.path)")
        let home = try TemporaryHome()
        var checked = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.hasPrefix("# "), "\(file.lastPathComponent) should start with a comment naming its origin")
            let parsed: ParsedManifest
            do {
                parsed = try Manifest.parse(text, file: file.lastPathComponent)
            } catch {
                Issue.record("\(file.lastPathComponent) is invalid:\n\(error)")
                continue
            }
            // Real manifests carry fields hck ignores, and grants for sr.ht services hck does not serve.
            #expect(
                parsed.warnings.allSatisfy {
                    $0.message.hasPrefix("unknown field") || $0.message.contains("which hck does not serve")
                },
                "\(parsed.warnings)"
            )
            try home.write(
                ".buildenv",
                BuildEnv.render(parsed.manifest, variables: AutomaticVariables(jobID: 7, jobURL: "u"))
            )
            var script = "bash -n ~/.buildenv && . ~/.buildenv"
            for (index, task) in parsed.manifest.tasks.enumerated() {
                try home.write("task\(index)", TaskScript.render(task))
                script += " && bash -n ~/task\(index)"
            }
            let result = try await home.bash(script)
            #expect(result.status == 0, "\(file.lastPathComponent): \(result.stderr)")
            checked += 1
        }
        #expect(checked == files.count)
    }
}
