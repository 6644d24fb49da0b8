/// What a job's `OAUTH2_TOKEN` may do in hck's API: the manifest's `oauth` grant string, written
/// as on builds.sr.ht (`builds.sr.ht/JOBS:RO builds.sr.ht/LOGS:RO`, space-separated
/// `SERVICE/SCOPE:ACCESS`, access `RO` or `RW`, `RO` when left out; `hck/JOBS:RO` works too).
///
/// hck's scopes are builds.sr.ht's: `JOBS` (`RO`: list and read jobs, their manifests, groups and
/// artifacts; `RW`: also submit, start, cancel and resubmit), `LOGS` (`RO`: read logs). Whatever
/// the grants, a job's token never reads or changes SSH keys, secrets or tokens, and never does
/// more than its owner may. Grants for other services (`git.sr.ht/…`) give nothing here.
public struct OAuthGrants: Sendable, Hashable {
    /// A part of the API a grant opens.
    public enum Scope: String, Sendable, CaseIterable {
        /// Jobs, their manifests, groups and artifacts.
        case jobs = "JOBS"
        /// Task and setup logs.
        case logs = "LOGS"
        /// builds.sr.ht's secrets scope: never granted to a job's token in hck.
        case secrets = "SECRETS"
    }

    /// Read, or read and write.
    public enum Access: String, Sendable, Comparable {
        case readOnly = "RO"
        case readWrite = "RW"

        public static func < (lhs: Access, rhs: Access) -> Bool { lhs == .readOnly && rhs == .readWrite }
    }

    /// Something wrong or useless in a grant string.
    public struct Problem: Sendable, Hashable {
        /// An error makes the manifest invalid; a warning only says a grant gives nothing.
        public var severity: Diagnostic.Severity
        public var message: String
    }

    /// The services whose grants hck honours: builds.sr.ht's (so manifests move unchanged), or its own name.
    public static let services: Set<String> = [service, "hck"]
    /// builds.sr.ht's name, as grants are usually written.
    public static let service = "builds.sr.ht"

    /// The access granted per scope (absent: none).
    public private(set) var access: [Scope: Access] = [:]

    /// No grant at all.
    public init() {}

    /// Parses a grant string; the problems say what was wrong or ignored.
    public static func parse(_ text: String) -> (grants: OAuthGrants, problems: [Problem]) {
        var grants = OAuthGrants()
        var problems: [Problem] = []
        let scopes = Scope.allCases.map(\.rawValue).joined(separator: ", ")
        for item in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            guard let slash = item.firstIndex(of: "/") else {
                problems.append(
                    Problem(
                        severity: .error,
                        message: "oauth grant '\(item)' is not SERVICE/SCOPE:ACCESS, e.g. builds.sr.ht/JOBS:RO"
                    )
                )
                continue
            }
            let service = String(item[..<slash])
            let rest = item[item.index(after: slash)...].split(separator: ":", omittingEmptySubsequences: false)
            guard Self.services.contains(service) else {
                problems.append(
                    Problem(
                        severity: .warning,
                        message: "oauth grant '\(item)' is for \(service), which hck does not serve: it gives nothing"
                    )
                )
                continue
            }
            guard rest.count <= 2, let scope = Scope(rawValue: String(rest[0])) else {
                problems.append(
                    Problem(severity: .error, message: "oauth grant '\(item)': the scope must be one of \(scopes)")
                )
                continue
            }
            guard let access = rest.count == 2 ? Access(rawValue: String(rest[1])) : .readOnly else {
                problems.append(
                    Problem(severity: .error, message: "oauth grant '\(item)': the access must be RO or RW")
                )
                continue
            }
            if scope == .secrets {
                problems.append(
                    Problem(
                        severity: .warning,
                        message: "oauth grant '\(item)': a job's token never reads or writes secrets in hck"
                    )
                )
                continue
            }
            grants.access[scope] = max(grants.access[scope] ?? access, access)
        }
        return (grants, problems)
    }

    /// Whether the grants allow this access to a scope (`RW` includes `RO`).
    public func allows(_ scope: Scope, _ needed: Access) -> Bool {
        guard let granted = access[scope] else { return false }
        return granted >= needed
    }
}
