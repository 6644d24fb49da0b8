public import ArgumentParser
import Client
import Foundation
import Server
public import Store
import Wire

/// `--database`: where `hck server` and `hck admin` find the jobs.
package struct DatabaseOption: ParsableArguments {
    /// Options as ArgumentParser makes them.
    package init() {}

    @Option(
        help: """
            Where jobs are kept: 'sqlite' (hck.sqlite in the data directory, the default) or a PostgreSQL \
            database that several servers may share, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE \
            [?sslmode=disable|prefer|require&connect_timeout=SECONDS] (default: $HCK_DATABASE, else sqlite).
            """
    )
    package var database: String?

    package func validate() throws {
        do {
            _ = try location()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The parsed location; `$HCK_DATABASE` keeps a password out of the process list.
    package func location() throws -> StoreLocation {
        let environment = ProcessInfo.processInfo.environment["HCK_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
        return try StoreLocation(parsing: database ?? environment ?? "sqlite")
    }
}
