// swift-tools-version: 6.1
// hck: an ephemeral-VM CI service. A job goes
//   hck (CLI) → API (HTTP service, store, queue) → Runner (VM driver, SSH, job lifecycle)
// and Runner boots images described by Images; Manifest parses and renders what the user wrote.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "hck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hck", targets: ["hck"]),
        .library(name: "Manifest", targets: ["Manifest"]),
        .library(name: "Images", targets: ["Images"]),
        .library(name: "Runner", targets: ["Runner"]),
        .library(name: "API", targets: ["API"]),
        .library(name: "Node", targets: ["Node"]),
        .library(name: "Gateway", targets: ["Gateway"]),
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
    ],
    targets: [
        // Parsing, validation and rendering of build manifests. Depends on Yams alone.
        .target(
            name: "Manifest",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The image catalog (images/ in this repository) and image builds.
        .target(
            name: "Images",
            dependencies: [
                "Manifest",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        // The libvirt C API.
        .systemLibrary(
            name: "CLibvirt",
            pkgConfig: "libvirt",
            providers: [.apt(["libvirt-dev"])]
        ),
        // VM driver, SSH into the guest, and the job lifecycle.
        .target(
            name: "Runner",
            dependencies: [
                "Manifest",
                "Images",
                "CLibvirt",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP API service, job store and queue, triggers and web pages.
        .target(
            name: "API",
            dependencies: [
                "Manifest",
                "Images",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The runner node: takes jobs from the server (API's client), runs them with Runner, reports back.
        .target(
            name: "Node",
            dependencies: [
                "Runner",
                "API",
                "Images",
                "Manifest",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The SSH gateway: users' own `ssh` reaches their jobs' kept VMs through the runner.
        .target(
            name: "Gateway",
            dependencies: [
                "Manifest",
                "Images",
                "Runner",
                "API",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command-line tool: argument parsing only; the work is in the libraries.
        .executableTarget(
            name: "hck",
            dependencies: [
                "Manifest",
                "Images",
                "Runner",
                "API",
                "Node",
                "Gateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // bench/api, run by hand: submissions per second and dispatch latency against a real server.
        .executableTarget(
            name: "hck-bench-api",
            dependencies: [
                "API",
                "Manifest",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "bench/api",
            swiftSettings: swiftSettings
        ),
        // bench/boot, run by hand: SSH-ready time of a built image against its bare kernel+initrd.
        .executableTarget(
            name: "hck-bench-boot",
            dependencies: ["Runner", "Images"],
            path: "bench/boot",
            swiftSettings: swiftSettings
        ),
        // What the VM benchmarks share.
        .target(
            name: "BenchSupport",
            dependencies: ["Runner", "Images"],
            path: "bench/support",
            swiftSettings: swiftSettings
        ),
        // bench/task-overhead, run by hand: an empty task's cost against plain and multiplexed `ssh true`.
        .executableTarget(
            name: "hck-bench-task-overhead",
            dependencies: [
                "BenchSupport",
                "Runner",
                "Images",
                "Manifest",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "bench/task-overhead",
            swiftSettings: swiftSettings
        ),
        // bench/task-output, run by hand: a task printing a lot, its throughput against plain ssh
        // and the runner's memory while it carries it.
        .executableTarget(
            name: "hck-bench-task-output",
            dependencies: [
                "BenchSupport",
                "Runner",
                "Images",
                "Manifest",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "bench/task-output",
            swiftSettings: swiftSettings
        ),
        // What APITests and GatewayTests share: running an in-process server for a test.
        .target(
            name: "ServerTestSupport",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/ServerTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest"], swiftSettings: swiftSettings),
        .testTarget(name: "ImagesTests", dependencies: ["Images", "Manifest"], swiftSettings: swiftSettings),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "Images"], swiftSettings: swiftSettings),
        .testTarget(
            name: "APITests",
            dependencies: [
                "API",
                "Manifest",
                "Node",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                "ServerTestSupport",
            ],
            exclude: ["Support/smtp_sink.py"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "Runner", "API", "Images", "ServerTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Runs the built `hck` binary as users do.
        .testTarget(name: "HckTests", dependencies: ["hck"], swiftSettings: swiftSettings),
    ]
)
