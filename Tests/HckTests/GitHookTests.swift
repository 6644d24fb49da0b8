import Client
import Foundation
import Manifest
import TestSupport
import Testing
import Wire

/// `hck git-hook install` on a real bare repository, and real `git push`es to it against a real
/// server: what each push submits, what it does not, and that a push never fails because of hck.
@Suite struct GitHookTests {
    static let build = """
        image: debian/stable
        sources:
          - https://git.example.org/~ada/project
        tasks:
          - build: cd project && make
        """

    static let lint = """
        image: debian/stable
        tasks:
          - lint: echo "$GIT_REF"
        """

    /// The group id in the hook's `…/groups/N` line, failing the test when there is none.
    static func groupID(in output: String, server: URL) throws -> Int64 {
        let marker = "\(server.absoluteString)/groups/"
        let line = try #require(output.split(separator: "\n").first { $0.contains(marker) }, "\(output)")
        return try #require(Int64(line[line.range(of: marker)!.upperBound...].prefix { $0.isNumber }))
    }

    @Test func pushesSubmitTheirManifestsAsOneGroupAndNeverFail() async throws {
        let tree = try await GitWorkTree()
        let directory = tree.directory
        // Another program's hook, which must go on getting every push's input.
        let earlierInput = directory.path("earlier-input")
        let hookPath = tree.bare + "/hooks/post-receive"
        try "#!/bin/sh\ncat >> '\(earlierInput)'\n".write(toFile: hookPath, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hookPath)

        let pushed = try await TestServer.with(directory: directory) { server in
            let token = directory.path("token")
            try "\(try #require(server.alice.token))\n".write(toFile: token, atomically: true, encoding: .utf8)
            let install = try await CommandLineTests.hck(
                ["git-hook", "install", tree.bare, "--url", server.url.absoluteString, "--token-file", token],
                url: server.url,
                token: nil
            )
            #expect(install.status == 0, "\(install.output)")
            #expect(install.output.contains("post-receive.before-hck"), "says it kept the earlier hook")

            try await tree.commit("Add CI", files: [".build.yml": Self.build, ".builds/lint.yml": Self.lint])
            let refused = try await tree.gitStatus("push", "origin", "main")
            #expect(refused.status == 0, "\(refused.output)")
            #expect(
                refused.output.contains(
                    "remote: hck: refs/heads/main: nothing submitted: .build.yml: hck refused it: "
                ),
                "\(refused.output)"
            )
            #expect(refused.output.contains("no runner has registered"))
            #expect(try await server.alice.jobs().isEmpty)

            try await server.runner.register(TestServer.capacity)
            let commit = try await tree.commit("Build it", files: ["README": "hello\n"])
            let push = try await tree.gitStatus("push", "origin", "main")
            #expect(push.status == 0, "\(push.output)")
            #expect(push.output.contains("remote: hck: refs/heads/main: 2 builds: "), "\(push.output)")
            let group = try await server.alice.group(try Self.groupID(in: push.output, server: server.url))
            #expect(group.jobs.count == 2)
            let short = String(try await tree.git("rev-parse", "--short", commit).dropLast())
            #expect(group.note == "Build it\n\n\(short) — Ada Lovelace <ada@example.org>")
            var manifests: [String] = []
            for job in group.jobs {
                #expect(job.tags == ["project", "main"])
                #expect(job.status == .queued, "the group started them")
                let answer = try await server.alice.exchange("GET", APIRoute.jobManifest.path(job.id))
                manifests.append(String(decoding: answer.body, as: UTF8.self))
            }
            #expect(manifests.contains { $0.contains("https://git.example.org/~ada/project#\(commit)") })
            #expect(manifests.allSatisfy { $0.contains("GIT_REF") && $0.contains("refs/heads/main") })
            #expect(manifests.allSatisfy { $0.contains("BUILD_REASON") && $0.contains(commit) })

            try await tree.commit("Reword the readme [skip ci]", files: ["README": "words\n"])
            let skipped = try await tree.gitStatus("push", "origin", "main", "main:refs/heads/topic")
            #expect(skipped.status == 0, "\(skipped.output)")
            #expect(skipped.output.contains("remote: hck: refs/heads/main: nothing to build: "), "\(skipped.output)")
            #expect(skipped.output.contains("says to skip CI"))
            let deleted = try await tree.gitStatus("push", "origin", ":refs/heads/topic")
            #expect(deleted.status == 0, "\(deleted.output)")
            #expect(deleted.output.contains("refs/heads/topic: nothing to build: refs/heads/topic was deleted"))
            #expect(try await server.alice.jobs().count == 2, "only the first push submitted jobs")
            return commit
        }

        // The server is gone now: the push still succeeds, and says why nothing was submitted.
        try await tree.commit("More CI", files: [".builds/lint.yml": Self.lint + "\n  - again: true\n"])
        let down = try await tree.gitStatus("push", "origin", "main")
        #expect(down.status == 0, "\(down.output)")
        #expect(down.output.contains("remote: hck: refs/heads/main: nothing submitted: "), "\(down.output)")
        let earlier = try String(contentsOfFile: earlierInput, encoding: .utf8)
        #expect(earlier.contains("\(pushed) refs/heads/main"), "the earlier hook got each push's input")
        #expect(earlier.split(separator: "\n").count == 6, "\(earlier)")
    }
}
