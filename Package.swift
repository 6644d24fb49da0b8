// swift-tools-version: 6.1
// hck: an ephemeral-VM CI service. A job goes one way:
//   hck submit (Client) ─HTTP→ Server (JobService over Store) ─lease→ hck-vm runner (Node) → Runner → libvirt VM
// Wire is what travels between them; Manifest parses what the user wrote; Images describes and
// builds the VM images; HckCore holds the small pieces every part shares. docs/ARCHITECTURE.md
// draws the graph.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

extension Target.Dependency {
    static let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
    static let serviceLifecycle = Target.Dependency.product(
        name: "ServiceLifecycle",
        package: "swift-service-lifecycle"
    )
    static let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")
    static let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
    static let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
    static let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
    static let nioFileSystem = Target.Dependency.product(name: "_NIOFileSystem", package: "swift-nio")
    static let nioSSH = Target.Dependency.product(name: "NIOSSH", package: "swift-nio-ssh")
    static let nioSSL = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")
    static let nioHTTPTypes = Target.Dependency.product(name: "NIOHTTPTypes", package: "swift-nio-extras")
    static let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
    static let subprocess = Target.Dependency.product(name: "Subprocess", package: "swift-subprocess")
    static let systemPackage = Target.Dependency.product(name: "SystemPackage", package: "swift-system")
    static let asyncHTTPClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
    static let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
    static let hummingbirdTesting = Target.Dependency.product(name: "HummingbirdTesting", package: "hummingbird")
    static let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
    static let postgres = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")
    static let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
    static let yams = Target.Dependency.product(name: "Yams", package: "Yams")
    static let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
}

let package = Package(
    name: "hck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hck", targets: ["hck"]),
        .executable(name: "hck-vm", targets: ["hck-vm"]),
        .library(name: "Manifest", targets: ["Manifest"]),
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "Client", targets: ["Client"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssh", from: "0.15.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Small pieces every part shares: the error shape, child processes, loopback sockets, the doorbell.
        // Depends on nothing of ours.
        .target(name: "HckCore", dependencies: [.subprocess, .systemPackage], swiftSettings: swiftSettings),
        // Parsing, validation and rendering of build manifests. Depends on Yams alone.
        .target(name: "Manifest", dependencies: [.yams], swiftSettings: swiftSettings),
        // What the server and runner nodes expose at /metrics: a Prometheus registry with hck's
        // metric shapes, and the small HTTP endpoint a runner node serves it on (--metrics-listen).
        .target(
            name: "HckMetrics",
            dependencies: ["HckCore", .prometheus, .logging, .serviceLifecycle, .nioCore, .nioPosix, .nioHTTP1],
            swiftSettings: swiftSettings
        ),
        // The image catalog (images/ in this repository) and image builds.
        .target(
            name: "Images",
            dependencies: ["Manifest", "HckCore", .logging, .subprocess, .systemPackage],
            swiftSettings: swiftSettings
        ),
        // What travels between the CLI, the server and runner nodes: the JSON types, their coding,
        // the route paths and header names. No HTTP server, no store.
        .target(name: "Wire", dependencies: ["Manifest", "HckCore", .crypto], swiftSettings: swiftSettings),
        // What a git push builds: the pushed commit's manifests read with git, pinned to the commit,
        // and the post-receive hook that submits them.
        .target(name: "GitPush", dependencies: ["Wire", "Manifest", "HckCore", .crypto], swiftSettings: swiftSettings),
        // The HTTP client of the API, for the CLI, runner nodes and the SSH gateway.
        .target(
            name: "Client",
            dependencies: ["Wire", "Manifest", "HckCore", .asyncHTTPClient, .nioCore, .nioHTTP1, .nioFileSystem],
            swiftSettings: swiftSettings
        ),
        // The job store: its models, protocols, and the SQLite and PostgreSQL implementations.
        .target(
            name: "Store",
            dependencies: [
                "Wire", "Manifest", "HckCore", .logging, .serviceLifecycle, .grdb, .postgres, .crypto, .nioCore,
                .nioPosix, .nioSSL, .nioFileSystem,
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP API service: JobService (the job's rules), routes, queue, triggers, mail and web pages.
        .target(
            name: "Server",
            dependencies: [
                "Store", "Wire", "Manifest", "HckCore", "HckMetrics", "GitPush", .logging, .serviceLifecycle,
                .hummingbird,
                .crypto,
                .nioCore, .nioPosix, .nioSSL, .nioHTTP1, .nioHTTPTypes, .asyncHTTPClient, .prometheus,
            ],
            swiftSettings: swiftSettings
        ),
        // The libvirt C API.
        .systemLibrary(name: "CLibvirt", pkgConfig: "libvirt", providers: [.apt(["libvirt-dev"])]),
        // VM driver, SSH into the guest, and the job lifecycle.
        .target(
            name: "Runner",
            dependencies: [
                "Manifest", "Images", "HckCore", "CLibvirt", .logging, .serviceLifecycle, .nioCore, .nioPosix, .nioSSH,
                .crypto,
            ],
            swiftSettings: swiftSettings
        ),
        // The runner node: takes jobs from the server through Client, runs them with Runner, reports back.
        .target(
            name: "Node",
            dependencies: [
                "Runner", "Client", "Wire", "Images", "Manifest", "HckCore", "HckMetrics", .logging,
                .serviceLifecycle, .nioCore, .prometheus,
            ],
            swiftSettings: swiftSettings
        ),
        // The SSH gateway: users' own `ssh` reaches their jobs' kept VMs through the runner.
        .target(
            name: "Gateway",
            dependencies: [
                "Runner", "Client", "Wire", "Manifest", "HckCore", .logging, .serviceLifecycle, .nioCore, .nioPosix,
                .nioSSH, .crypto,
            ],
            swiftSettings: swiftSettings
        ),
        // What both executables share: option groups, configuration files, local accounts.
        .target(
            name: "CLI",
            dependencies: [
                "Client", "Server", "Store", "Wire", "Images", "Manifest", "HckCore", .argumentParser, .logging,
            ],
            swiftSettings: swiftSettings
        ),
        // `hck`: the command-line tool users and operators run. It links no libvirt: `run`, `runner`
        // and `up` are carried out by `hck-vm`, which it starts.
        .executableTarget(
            name: "hck",
            dependencies: [
                "CLI", "Client", "GitPush", "Server", "Store", "Wire", "Images", "Manifest", "HckCore", .argumentParser,
                .logging, .serviceLifecycle, .unixSignals,
            ],
            swiftSettings: swiftSettings
        ),
        // `hck-vm`: the commands that drive VMs (`hck run`, `hck runner`, `hck up`), installed beside `hck`.
        .executableTarget(
            name: "hck-vm",
            dependencies: [
                "CLI", "Runner", "Node", "Gateway", "HckMetrics", "Client", "Server", "Store", "Wire", "Images",
                "Manifest",
                "HckCore", .argumentParser, .logging, .serviceLifecycle, .unixSignals, .nioCore,
            ],
            swiftSettings: swiftSettings
        ),
        // bench/api, run by hand: submissions per second and dispatch latency against a real server.
        // The fuzz target of the manifest parser and the request-number parsing: libFuzzer's entry
        // point, built by scripts/fuzz.sh with -sanitize=fuzzer; a plain build replays inputs.
        .executableTarget(name: "hck-fuzz", dependencies: ["Manifest", "HckCore"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "hck-bench-api",
            dependencies: [
                "ServerBenchSupport", "Server", "Store", "Client", "Wire", "Manifest", .logging, .serviceLifecycle,
            ],
            path: "bench/api",
            swiftSettings: swiftSettings
        ),
        // bench/boot, run by hand: SSH-ready time of a built image against its bare kernel+initrd.
        .executableTarget(
            name: "hck-bench-boot",
            dependencies: ["Runner", "Images", "HckCore"],
            path: "bench/boot",
            swiftSettings: swiftSettings
        ),
        // bench/job, run by hand: examples/hello.yml end to end, cold and restored, against a builds.sr.ht-style run.
        .executableTarget(
            name: "hck-bench-job",
            dependencies: ["BenchSupport", "Runner", "Images", "Manifest", "HckCore"],
            path: "bench/job",
            swiftSettings: swiftSettings
        ),
        // bench/concurrency, run by hand: N jobs at once through `hck up`, their wall time and the VMs' peak memory.
        .executableTarget(
            name: "hck-bench-concurrency",
            dependencies: ["BenchSupport", "Runner", "Manifest", "HckCore"],
            path: "bench/concurrency",
            swiftSettings: swiftSettings
        ),
        // What the VM benchmarks share.
        .target(
            name: "BenchSupport",
            dependencies: ["Runner", "Images", "HckCore"],
            path: "bench/support",
            swiftSettings: swiftSettings
        ),
        // bench/task-overhead, run by hand: an empty task's cost against plain and multiplexed `ssh true`.
        .executableTarget(
            name: "hck-bench-task-overhead",
            dependencies: ["BenchSupport", "Runner", "Images", "Manifest", "HckCore", .nioCore],
            path: "bench/task-overhead",
            swiftSettings: swiftSettings
        ),
        // bench/task-output, run by hand: a task printing a lot, its throughput against plain ssh
        // and the runner's memory while it carries it.
        .executableTarget(
            name: "hck-bench-task-output",
            dependencies: ["BenchSupport", "Runner", "Images", "Manifest", "HckCore", .nioCore],
            path: "bench/task-output",
            swiftSettings: swiftSettings
        ),
        // bench/log-ingest, run by hand: the server alone storing emulated runners' log appends on
        // SQLite and PostgreSQL while SSE and `hck logs --follow` followers read them.
        .executableTarget(
            name: "hck-bench-log-ingest",
            dependencies: [
                "ServerBenchSupport", "TestSupport", "Server", "Store", "Client", "Wire", "Manifest", .asyncHTTPClient,
                .nioCore, .nioHTTP1, .subprocess, .systemPackage,
            ],
            path: "bench/log-ingest",
            swiftSettings: swiftSettings
        ),
        // bench/scale, run by hand: submissions per second and dispatch latency with 1, 2 and 3 servers on
        // one PostgreSQL, against one server on SQLite.
        .executableTarget(
            name: "hck-bench-scale",
            dependencies: ["ServerBenchSupport", "TestSupport", "Client", "Store", "Manifest", .asyncHTTPClient],
            path: "bench/scale",
            swiftSettings: swiftSettings
        ),
        // What the server benchmarks share: real `hck server` processes, submission bursts and dispatch
        // latency over any number of servers, the CPU and memory of processes.
        .target(
            name: "ServerBenchSupport",
            dependencies: [
                "TestSupport", "Server", "Store", "Client", "Wire", "Manifest", .asyncHTTPClient, .nioCore, .nioHTTP1,
            ],
            path: "bench/server-support",
            swiftSettings: swiftSettings
        ),
        // What the test targets share: child processes, the built binaries, in-process and
        // PostgreSQL-backed servers, an SMTP sink, webhook listeners.
        .target(
            name: "TestSupport",
            dependencies: [
                "Server", "Store", "Client", "Wire", "Manifest", "HckCore", .logging, .serviceLifecycle, .nioCore,
                .nioPosix, .nioHTTP1, .postgres, .asyncHTTPClient, .hummingbird, .hummingbirdTesting,
            ],
            path: "Tests/TestSupport",
            exclude: ["smtp_sink.py"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest", "HckCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "GitPushTests",
            dependencies: ["GitPush", "Wire", "Manifest", "HckCore", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ImagesTests",
            dependencies: ["Images", "Manifest", "HckCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RunnerTests",
            dependencies: ["Runner", "Images", "Manifest", "HckCore", .nioCore],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "Wire", "Manifest", "HckCore", "TestSupport", .postgres, .logging],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Store", "Client", "Wire", "Manifest", "HckCore", "GitPush", "TestSupport", .hummingbird,
                .logging,
                .serviceLifecycle, .crypto, .postgres, .nioCore, .nioPosix, .nioHTTP1, .asyncHTTPClient,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NodeTests",
            dependencies: [
                "Node", "Runner", "Server", "Store", "Client", "Wire", "Images", "Manifest", "HckCore", "HckMetrics",
                "TestSupport", .logging, .serviceLifecycle, .nioCore,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "Runner", "Server", "Store", "Client", "Wire", "Images", "Manifest", "HckCore",
                "TestSupport",
                .logging, .serviceLifecycle,
            ],
            swiftSettings: swiftSettings
        ),
        // Runs the built `hck` and `hck-vm` binaries as users do.
        .testTarget(
            name: "HckTests",
            dependencies: ["hck", "hck-vm", "Client", "Server", "Store", "Wire", "Manifest", "HckCore", "TestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
