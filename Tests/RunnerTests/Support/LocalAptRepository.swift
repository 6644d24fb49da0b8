import Foundation
import HckCore

/// An apt repository on 127.0.0.1 (suite `hck`, component `main`) with one package,
/// `hck-repo-test`, which installs `/usr/share/hck-repo-test/hello`; its `InRelease` is signed with
/// a fresh OpenPGP key, which the same server hands out as an HKP key server does
/// (`/pks/lookup`). The guest reaches it at 10.0.2.2.
final class LocalAptRepository: Sendable {
    let root: URL
    let port: Int
    /// The signing key's fingerprint (the manifest's key id).
    let fingerprint: String

    /// The repository's URL as the guest sees it.
    var guestURL: String { "http://10.0.2.2:\(port)/" }
    /// The key server's URL as the guest sees it.
    var guestKeyServer: String { "hkp://10.0.2.2:\(port)" }

    private init(root: URL, port: Int, fingerprint: String) {
        self.root = root
        self.port = port
        self.fingerprint = fingerprint
    }

    static func start() async throws -> LocalAptRepository {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hck-apt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let output = try await runTool("/bin/bash", ["-c", Self.script(root: root.path)])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("FPR:") }) else {
            throw ToolFailure(description: "the repository was not made: \(output)")
        }
        let portFile = root.appendingPathComponent("port")
        for _ in 0..<100 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                return LocalAptRepository(root: root, port: port, fingerprint: String(line.dropFirst(4)))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ToolFailure(description: "the repository's HTTP server did not start")
    }

    /// Makes the key, the package, the signed index and the key server's answer, then starts a
    /// detached HTTP server on a port the kernel picks (written to `port`).
    private static func script(root: String) -> String {
        """
        set -e
        cd \(root)
        export GNUPGHOME=\(root)/gnupg
        mkdir -m 700 gnupg
        gpg --batch -q --pinentry-mode loopback --passphrase '' --quick-gen-key 'hck apt test <apt@localhost>' ed25519 sign never
        fpr=$(gpg --batch --with-colons --list-keys | awk -F: '$1 == "fpr" { print $10; exit }')
        mkdir -p pkg/DEBIAN pkg/usr/share/hck-repo-test www/pool www/dists/hck/main/binary-amd64 www/pks
        echo 'from the repository' > pkg/usr/share/hck-repo-test/hello
        printf '%s\\n' 'Package: hck-repo-test' 'Version: 1.0' 'Architecture: all' 'Maintainer: hck <hck@localhost>' \\
            'Description: a package from hck test repository' > pkg/DEBIAN/control
        dpkg-deb --root-owner-group -b pkg www/pool/hck-repo-test_1.0_all.deb > /dev/null
        deb=www/pool/hck-repo-test_1.0_all.deb
        packages=www/dists/hck/main/binary-amd64/Packages
        { cat pkg/DEBIAN/control; echo 'Filename: pool/hck-repo-test_1.0_all.deb'; echo "Size: $(stat -c %s $deb)"
          echo "SHA256: $(sha256sum < $deb | cut -d' ' -f1)"; } > $packages
        { echo 'Suite: hck'; echo 'Codename: hck'; echo 'Components: main'; echo 'Architectures: amd64 all'
          echo "Date: $(date -Ru)"; echo 'SHA256:'
          echo " $(sha256sum < $packages | cut -d' ' -f1) $(stat -c %s $packages) main/binary-amd64/Packages"
        } > www/dists/hck/Release
        gpg --batch -q --yes --pinentry-mode loopback --passphrase '' --clearsign -o www/dists/hck/InRelease www/dists/hck/Release
        gpg --batch --armor --export "$fpr" > www/pks/lookup
        gpgconf --kill gpg-agent
        # Foundation notices a child's exit when every copy of a descriptor it gave the child is
        # closed: the server must not keep one.
        for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null || true; done
        setsid python3 -c '
        import http.server, os, sys
        os.chdir(sys.argv[1] + "/www")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
        open(sys.argv[1] + "/port", "w").write(str(server.server_address[1]))
        server.serve_forever()
        ' \(root) < /dev/null > \(root)/server.log 2>&1 &
        echo "FPR:$fpr"
        """
    }

    func stop() {
        stopProcesses(mentioning: root.path)
        try? FileManager.default.removeItem(at: root)
    }
}
