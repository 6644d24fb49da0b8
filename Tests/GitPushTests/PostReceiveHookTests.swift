import Foundation
import GitPush
import HckCore
import TestSupport
import Testing

/// `PostReceiveHook.install`: hck's hook is added to a repository's hooks, never replacing one silently.
@Suite struct PostReceiveHookTests {
    static let hook = PostReceiveHook(
        executable: "/opt/hck/bin/hck",
        url: "http://ci.example.org",
        tokenFile: "/etc/hck/it's-token",
        cloneURL: nil
    )

    @Test func aFreshInstallThenASecondOneRewritesHcksHook() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("hooks/post-receive")
        #expect(try Self.hook.install(at: path) == .installed)
        let script = try String(contentsOfFile: path, encoding: .utf8)
        #expect(script.hasPrefix("#!/bin/sh\n"))
        #expect(
            script.contains(
                #"'/opt/hck/bin/hck' 'git-hook' 'post-receive' '--url' 'http://ci.example.org' '--token-file' '/etc/hck/it'\''s-token'"#
            ),
            "quoted for the shell"
        )
        #expect(FileManager.default.isExecutableFile(atPath: path))
        var moved = Self.hook
        moved.url = "http://elsewhere.example.org"
        #expect(try moved.install(at: path) == .updated)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("elsewhere"))
        #expect(!FileManager.default.fileExists(atPath: path + PostReceiveHook.earlierHookSuffix))
    }

    @Test func anotherHookIsKeptAndRunFirstAndATwiceTakenPlaceIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("post-receive")
        let earlier = "#!/bin/sh\necho mirror\n"
        try earlier.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Self.hook.install(at: path) == .addedTo(earlierHook: path + ".before-hck"))
        #expect(try String(contentsOfFile: path + ".before-hck", encoding: .utf8) == earlier)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(PostReceiveHook.marker))

        try earlier.write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: GitPushError.self) { try Self.hook.install(at: path) }
        #expect(error?.code == .hookInTheWay)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == earlier, "nothing changed")
    }
}
