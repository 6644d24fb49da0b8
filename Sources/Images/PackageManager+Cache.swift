import Manifest

extension PackageManager {
    /// Where the guest keeps the program that chooses apt's proxy for each archive.
    public static let aptProxyProgram = "/usr/local/sbin/hck-apt-proxy"

    /// Points the guest's package manager at the runner host's package cache, and says in the
    /// setup log whether the cache answers.
    ///
    /// For apt: `Acquire::http::Proxy-Auto-Detect` runs ``aptProxyProgram`` for each archive it
    /// fetches from, so the choice is made again by every `apt-get`, the tasks' own included. It
    /// names the cache for an archive by host name over plain HTTP on port 80 while the cache
    /// accepts a connection, and `DIRECT` otherwise: HTTPS, another port, an IP address (the
    /// operator's forwards at 10.0.2.2, which the cache on the host does not reach) and any moment
    /// the cache is down. So a job never fails because the cache does; it fetches from the mirrors.
    /// - Parameters:
    ///   - host: the cache's address as the guest reaches it, e.g. `10.0.2.2`.
    ///   - port: its port, e.g. 3142.
    public func cacheCommand(host: String, port: Int) -> String {
        switch kind {
        case .apt:
            let proxy = "http://\(host):\(port)"
            let program = Self.aptProxyScript(host: host, port: port)
            let configuration = "Acquire::http::Proxy-Auto-Detect \"\(Self.aptProxyProgram)\";"
            let says = [
                "then echo \("hck: package archives come through the runner host's package cache (\(proxy))".shellQuoted)",
                "else echo \("hck: the runner host's package cache (\(proxy)) does not answer: packages come from the mirrors".shellQuoted); fi",
            ]
            return [
                "printf '%s\\n' \(program.shellQuoted) | sudo tee \(Self.aptProxyProgram) >/dev/null",
                "sudo chmod 755 \(Self.aptProxyProgram)",
                "echo \(configuration.shellQuoted) | sudo tee /etc/apt/apt.conf.d/00hck-package-cache >/dev/null",
                "if [ \"$(\(Self.aptProxyProgram) http://archive.invalid/)\" != DIRECT ]; "
                    + says.joined(separator: "; "),
            ].joined(separator: " && ")
        }
    }

    /// The program behind ``aptProxyProgram``: prints the proxy for the archive URI in `$1`, or
    /// `DIRECT` (see ``cacheCommand(host:port:)``).
    /// - Parameters:
    ///   - host: the cache's address as the guest reaches it.
    ///   - port: its port.
    public static func aptProxyScript(host: String, port: Int) -> String {
        [
            "#!/bin/sh",
            "# hck: apt's proxy for the archive at $1 (Acquire::http::Proxy-Auto-Detect): the runner host's",
            "# package cache for archives by host name over HTTP on port 80 while it answers, else none.",
            "case $1 in http://*) ;; *) echo DIRECT; exit 0 ;; esac",
            "host=${1#http://}; host=${host%%/*}",
            "case $host in ''|*[!A-Za-z0-9.-]*|localhost|*.localhost) echo DIRECT; exit 0 ;; esac",
            "case $host in *[!0-9.]*) ;; *) echo DIRECT; exit 0 ;; esac",
            "if timeout 10 bash -c 'exec 3<>/dev/tcp/\(host)/\(port)' 2>/dev/null; then echo http://\(host):\(port); else echo DIRECT; fi",
        ].joined(separator: "\n")
    }
}
