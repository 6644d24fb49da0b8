import Client
public import Foundation
import HckCore
import Server

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's nginx as a round-robin load balancer on 127.0.0.1 in front of servers on loopback ports,
/// proxying with the `location /` block of the README's scale-out section, as a team would copy it:
/// what the README recommends is what the test runs. Its files (configuration, pid, temporary files,
/// access log with the upstream that served each request) are in a folder of the test's; it runs in
/// the foreground as one process, killed when the value goes.
package struct LoopbackNginx: Sendable {
    /// Where it listens: `http://127.0.0.1:PORT`.
    package let url: URL
    /// Its folder.
    package let directory: URL
    private let process: HckProcess

    /// The access log: one line per request, `UPSTREAM STATUS METHOD PATH?QUERY`.
    package var accessLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("access.log"), encoding: .utf8)) ?? ""
    }

    /// Starts nginx in `directory` in front of the servers on `upstreams` (loopback ports), and returns
    /// once a request through it is answered. The port is free when picked but another program may bind
    /// it first: then another port is tried, up to three times.
    package static func start(upstreams: [Int], in directory: URL) async throws -> LoopbackNginx {
        guard let program = ["/usr/sbin/nginx", "/usr/bin/nginx"].first(where: FileManager.default.isExecutableFile)
        else {
            throw TestSetupError("nginx is not installed: `make deps` installs nginx-light (scripts/deps.d/scale.txt)")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let location = try recommendedLocation()
        for attempt in 1...3 {
            let port = try LoopbackPort.free()
            let configuration = directory.appendingPathComponent("nginx.conf")
            try Self.configuration(port: port, upstreams: upstreams, location: location, in: directory)
                .write(to: configuration, atomically: true, encoding: .utf8)
            let process = try await HckProcess(
                program: URL(fileURLWithPath: program),
                ["-p", directory.path, "-c", configuration.path, "-e", "stderr"],
                log: directory.appendingPathComponent("nginx.out")
            )
            let nginx = LoopbackNginx(
                url: URL(string: "http://127.0.0.1:\(port)")!,
                directory: directory,
                process: process
            )
            if try await nginx.answers(within: .seconds(15)) { return nginx }
            guard attempt < 3, !process.isRunning else {
                throw TestSetupError("nginx on 127.0.0.1:\(port) did not answer:\n\(process.output)")
            }
        }
        throw TestSetupError("nginx did not start")
    }

    /// Whether a request through it (the API's description, which any server answers) gets an answer
    /// before `limit`; false at once when nginx exited (it could not bind its port).
    private func answers(within limit: Duration) async throws -> Bool {
        let client = APIClient(baseURL: url, token: nil)
        let deadline = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < deadline {
            if let answer = try? await client.exchange("GET", "/api/openapi.yaml", timeout: .seconds(5)),
                answer.status == 200
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The `location / { … }` block of the README's ```nginx example, as written there.
    package static func recommendedLocation() throws -> String {
        let readme = try String(
            contentsOf: BuiltProducts.repository.appendingPathComponent("README.md"),
            encoding: .utf8
        )
        guard let fence = readme.range(of: "```nginx\n"),
            let fenceEnd = readme.range(of: "\n```", range: fence.upperBound..<readme.endIndex)
        else { throw TestSetupError("README.md has no ```nginx example") }
        let example = readme[fence.upperBound..<fenceEnd.lowerBound].split(
            separator: "\n",
            omittingEmptySubsequences: false
        )
        guard let start = example.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "location / {" }),
            let end = example[start...].firstIndex(where: {
                $0.trimmingCharacters(in: .whitespaces) == "}"
                    && $0.prefix { $0 == " " }.count
                        == example[start].prefix { $0 == " " }.count
            })
        else { throw TestSetupError("README.md's nginx example has no `location / { … }` block") }
        return example[start...end].joined(separator: "\n")
    }

    /// The whole configuration: in the foreground, one process (no workers that would outlive a
    /// killed master), every file in `directory`, the upstream `hck` the README's block proxies to.
    static func configuration(port: Int, upstreams: [Int], location: String, in directory: URL) -> String {
        let path = directory.path
        return """
            daemon off;
            master_process off;
            pid \(path)/nginx.pid;
            error_log \(path)/error.log notice;
            events { worker_connections 1024; }
            http {
                log_format upstream '$upstream_addr $status $request_method $request_uri';
                access_log \(path)/access.log upstream;
                client_body_temp_path \(path)/client-body;
                proxy_temp_path \(path)/proxy;
                fastcgi_temp_path \(path)/fastcgi;
                uwsgi_temp_path \(path)/uwsgi;
                scgi_temp_path \(path)/scgi;
                upstream hck {
            \(upstreams.map { "        server 127.0.0.1:\($0);" }.joined(separator: "\n"))
                }
                server {
                    listen 127.0.0.1:\(port);
            \(location)
                }
            }

            """
    }

    /// Stops it (SIGQUIT: a graceful stop) and waits for its end.
    package func stop() async {
        process.signal(SIGQUIT)
        _ = await process.exitStatus(within: .seconds(10))
    }
}
