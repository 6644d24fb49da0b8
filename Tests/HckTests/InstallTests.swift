import Foundation
import TestSupport
import Testing

/// `make install`'s installing half (scripts/install.sh, run on the built binaries as the Makefile
/// does after building them) and `make uninstall`: the installed hck, run from another folder with
/// no HCK_* variable, finds its catalog and the built images, and runs a job on a VM.
@Suite struct InstallTests {
    @Test func anInstalledHckRunsAJobFromAnyFolderWithNoVariablesSet() async throws {
        let prefix = try TemporaryDirectory()
        let elsewhere = try TemporaryDirectory()
        let binaries = try BuiltProducts.hck.deletingLastPathComponent().path
        let repository = BuiltProducts.repository.path
        let install = try await ChildProcess.run([
            "-C", repository, "bash", "scripts/install.sh", binaries, prefix.url.path,
        ])
        #expect(install.status == 0, "\(install.output)")
        for file in [
            "bin/hck", "libexec/hck/hck-vm", "share/hck/images/debian/distribution.json", "share/man/man1/hck-run.1",
            "share/bash-completion/completions/hck", "lib/systemd/system/hck-server.service",
        ] {
            #expect(FileManager.default.fileExists(atPath: prefix.path(file)), "\(file) is installed")
        }
        let unit = try String(contentsOfFile: prefix.path("lib/systemd/system/hck-server.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=\(prefix.url.path)/bin/hck server"))

        // No HCK_* variable, and a folder with no images/ in it.
        let hck = prefix.path("bin/hck")
        func installed(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await ChildProcess.run(
                ["-i", "-C", elsewhere.url.path, "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", hck] + arguments
            )
        }
        let list = try await installed(["image", "list"])
        #expect(list.status == 0, "\(list.output)")
        #expect(list.output.contains("catalog: \(prefix.url.path)/share/hck/images (installed)"), "\(list.output)")
        #expect(list.output.contains("built images: /var/cache/hck/images"), "\(list.output)")
        #expect(list.output.contains("debian/bookworm  debian/oldstable  amd64  built 20"), "\(list.output)")

        // debian/stable is trixie, which the tests do not build: oldstable is the alias of the built image.
        try "image: debian/oldstable\ntasks:\n  - hello: echo installed-hck-says-hi\n"
            .write(toFile: elsewhere.path("build.yml"), atomically: true, encoding: .utf8)
        let run = try await installed(["run", "build.yml", "--no-package-cache"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("installed-hck-says-hi"), "\(run.output)")

        let uninstall = try await ChildProcess.run(["bash", "\(repository)/scripts/uninstall.sh", prefix.url.path])
        #expect(uninstall.status == 0, "\(uninstall.output)")
        let left = FileManager.default.enumerator(atPath: prefix.url.path)?.allObjects ?? []
        #expect(left.isEmpty, "uninstall leaves nothing: \(left)")
    }
}
