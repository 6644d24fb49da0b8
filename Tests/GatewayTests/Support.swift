import API
import Foundation
import Images
import Logging
import Runner
import ServerTestSupport
import ServiceLifecycle
import Testing

/// A scratch folder under /var/tmp (QEMU must reach overlays), removed by ``remove()``.
struct Scratch {
    let url = URL(fileURLWithPath: "/var/tmp/hck-gateway-test-\(UUID().uuidString.prefix(8))")

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() {
        guard ProcessInfo.processInfo.environment["HCK_KEEP_TEST_FILES"] == nil else { return }
        try? FileManager.default.removeItem(at: url)
    }
}

/// A program's exit status and everything it printed (standard output and error together).
struct Ran {
    var status: Int32
    var output: String
}

/// Runs a program (looked up in PATH) to its end without blocking the cooperative pool.
/// - Parameters:
///   - arguments: the program and its arguments.
///   - stdin: a file for its standard input (default: nothing).
func execute(_ arguments: [String], stdin: String? = nil) async throws -> Ran {
    let input = stdin.flatMap { FileHandle(forReadingAtPath: $0) }
    let (status, text) = try await ChildProcess.output("/usr/bin/env", arguments, input: input)
    return Ran(status: status, output: text)
}

/// A user's key pair made by `ssh-keygen`.
struct UserKey {
    let file: String
    var publicLine: String { (try? String(contentsOfFile: file + ".pub", encoding: .utf8)) ?? "" }

    static func make(_ type: String, name: String, in scratch: Scratch) async throws -> UserKey {
        let file = scratch.path(name)
        let made = try await execute(["ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", file])
        #expect(made.status == 0, "ssh-keygen: \(made.output)")
        return UserKey(file: file)
    }
}

/// A real hck server on a free loopback port, with users alice and bob and runner r1; job ids start at a
/// random number, as the runner names libvirt domains (global on the host) after them.
struct APIServerFixture {
    let alice: APIClient
    let bob: APIClient
    let runner: APIClient

    /// The port is free when picked but another program may bind it first: then the start is
    /// tried again on another port (up to three times) instead of waiting forever for "listening".
    static func with<T>(in scratch: Scratch, attempt: Int = 1, _ body: (APIServerFixture) async throws -> T) async throws -> T {
        let data = scratch.path("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let port = try LoopbackPort.free()
        var configuration = APIServer.Configuration(dataDirectory: data)
        configuration.port = port
        configuration.firstJobID = Int64.random(in: 100_000..<900_000)
        configuration.leaseDuration = .seconds(3600)  // this test is the runner node and sends no heartbeats
        var logger = Logger(label: "hck-gateway-test")
        logger.logLevel = .warning
        let (listening, signal) = AsyncStream.makeStream(of: Int.self)
        let app = try await APIServer(configuration: configuration).makeApplication(logger: logger) { signal.yield($0) }
        let admin = try Administration(dataDirectory: data)
        let url = URL(string: "http://127.0.0.1:\(port)")!
        let server = APIServerFixture(
            alice: APIClient(baseURL: url, token: try await admin.issueToken(for: "alice", role: .user)),
            bob: APIClient(baseURL: url, token: try await admin.issueToken(for: "bob", role: .user)),
            runner: APIClient(baseURL: url, token: try await admin.issueToken(for: "r1", role: .runner))
        )
        let started = try await servingInProcess(
            app, listening: listening, signal: signal, port: port, lastAttempt: attempt >= 3, logger: logger
        ) { try await body(server) }
        guard let started else { return try await with(in: scratch, attempt: attempt + 1, body) }
        return try started.get()
    }
}


extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
