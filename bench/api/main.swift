// bench/api: submissions per second into SQLite, and dispatch latency (submit → a waiting runner
// holds the lease), against a real hck server on loopback with runners emulated over HTTP.
// Run by hand: swift run -c release hck-bench-api [--jobs N] [--clients C] [--runners R] [--samples S]
import Client
import Foundation
import Logging
import Server
import ServerBenchSupport
import ServiceLifecycle
import Store
import Wire

let options = BenchOptions(CommandLine.arguments.dropFirst())
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hck-bench-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: directory) }

let port = try LoopbackPort.free()
var configuration = APIServer.Configuration(dataDirectory: "\(directory)/data")
configuration.port = port
configuration.baseURL = "http://127.0.0.1:\(port)"
var logger = Logger(label: "bench")
logger.logLevel = .error
let admin = try Administration(dataDirectory: configuration.dataDirectory)
let userToken = try await admin.issueToken(for: "bench", role: .user)
var runnerTokens: [String] = []
for n in 0..<options.runners { runnerTokens.append(try await admin.issueToken(for: "runner-\(n)", role: .runner)) }

let (listening, signal) = AsyncStream.makeStream(of: Int.self)
let app = try await APIServer(configuration: configuration).makeApplication(logger: logger) { signal.yield($0) }
let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
try await withThrowingTaskGroup(of: Void.self) { tasks in
    tasks.addTask { try await group.run() }
    for await _ in listening { break }
    let url = URL(string: "http://127.0.0.1:\(port)")!
    let user = APIClient(baseURL: url, token: userToken)
    let runners = runnerTokens.map { APIClient(baseURL: url, token: $0) }
    let capacity = RunnerCapacity(arches: ["x86_64"], images: ["debian/stable"], kvm: false, slots: 1)
    for runner in runners { try await runner.register(capacity) }
    try await BenchRuns.submissions(user: user, options: options)
    try await BenchRuns.dispatch(user: user, runners: runners, options: options)
    try await QueueDrain(runners: [runners[0]]).run()
    try await BenchRuns.cancellation(user: user, runner: runners[0], options: options)
    await group.triggerGracefulShutdown()
    try await tasks.waitForAll()
}
