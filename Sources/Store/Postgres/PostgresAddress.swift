import Foundation
import HckCore
import NIOSSL
public import PostgresNIO
import Wire

/// Where a PostgreSQL job store lives, as written on the command line:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require&connect_timeout=SECONDS]`.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The role to connect as.
    public var user: String
    /// Its password, if the server asks for one.
    public var password: String?
    /// The database holding hck's tables.
    public var database: String
    /// Whether to use TLS: `disable`, `prefer` (the default) or `require`.
    public var sslMode: String
    /// How long one attempt to open a connection may take: `connect_timeout` in seconds, 10 by default.
    public var connectTimeout: Duration

    /// Parses a `postgres://` (or `postgresql://`) URL; the error says which part is wrong.
    /// - Parameter text: the URL.
    public init(parsing text: String) throws {
        func invalid(_ why: String) -> StoreError {
            StoreError(
                .invalidAddress,
                "--database \(Self.redacted(text)): \(why); write postgres://USER@HOST:PORT/DATABASE"
            )
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme else {
            throw invalid("not a URL")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("the scheme is '\(scheme)', not postgres")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("no host") }
        guard let user = components.user, !user.isEmpty else { throw invalid("no user before '@'") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw invalid("no database name after the port") }
        if let port = components.port, !(1...65535).contains(port) { throw invalid("port \(port) is out of range") }
        var sslMode = "prefer"
        var connectTimeout = Duration.seconds(10)
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, ["disable", "prefer", "require"].contains(value) else {
                    throw invalid("sslmode '\(item.value ?? "")' is not disable, prefer or require")
                }
                sslMode = value
            case "connect_timeout":
                guard let seconds = item.value.flatMap(Int.init), seconds > 0 else {
                    throw invalid("connect_timeout '\(item.value ?? "")' is not a number of seconds above 0")
                }
                connectTimeout = .seconds(seconds)
            default:
                throw invalid("unknown parameter '\(item.name)' (only sslmode and connect_timeout)")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = components.user?.removingPercentEncoding ?? user
        self.password = components.password?.removingPercentEncoding
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = sslMode
        self.connectTimeout = connectTimeout
    }

    /// `postgres://USER@HOST:PORT/DATABASE`, never with the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The URL with any password replaced, for error messages.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }

    /// TLS as PostgresNIO takes it.
    var tls: PostgresClient.Configuration.TLS {
        switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
    }

    /// The pooled client's configuration.
    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host,
            port: port,
            username: user,
            password: password,
            database: database,
            tls: tls
        )
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    /// A single connection's configuration (the store migrates on one before its pool runs).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let connectionTLS: PostgresConnection.Configuration.TLS =
            switch sslMode {
            case "disable": .disable
            case "require": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            default: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(
            host: host,
            port: port,
            username: user,
            password: password,
            database: database,
            tls: connectionTLS
        )
        configuration.options.connectTimeout = .seconds(connectTimeout.components.seconds)
        return configuration
    }
}
