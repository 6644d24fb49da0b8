import Server
import Store

/// A user's token and one runner token per emulated runner, issued by `hck admin`'s code on a store
/// before any server starts on it (on PostgreSQL, every server sharing the store accepts them).
package struct BenchTokens: Sendable {
    /// The user `bench`'s token.
    package let user: String
    /// `runner-0`, `runner-1`, …'s tokens.
    package let runners: [String]

    /// Issues them on `database` (`sqlite` or a `postgres://` URL) with `dataDirectory` as the data directory.
    package static func issue(dataDirectory: String, database: String, runners: Int) async throws -> BenchTokens {
        try await Administration.with(dataDirectory: dataDirectory, database: try StoreLocation(parsing: database)) {
            admin in
            let user = try await admin.issueToken(for: "bench", role: .user)
            var tokens: [String] = []
            for n in 0..<runners { tokens.append(try await admin.issueToken(for: "runner-\(n)", role: .runner)) }
            return BenchTokens(user: user, runners: tokens)
        }
    }
}
