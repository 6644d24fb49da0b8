import HckCore
import Store
import Wire

/// The API's OpenAPI description, served at `/api/openapi.yaml`. Its paths are the router's own
/// routes (``render(routes:)``), each with its operation from ``operations``
/// (`OpenAPIDocument+Text.swift`), so no route can be left out of it.
enum OpenAPIDocument {
    /// One route: a method and its path as the router describes it, which is OpenAPI's form
    /// (`/api/jobs/{id}`).
    struct Route: Hashable, Sendable, Comparable {
        /// `GET`, `POST`…
        var method: String
        /// The path, with `{name}` for a parameter.
        var path: String

        /// The key of its operation in ``OpenAPIDocument/operations``.
        var key: String { "\(method) \(path)" }

        static func < (lhs: Route, rhs: Route) -> Bool {
            (lhs.path, lhs.method) < (rhs.path, rhs.method)
        }
    }

    /// Which routes are documented: the API's (`/api/…`) and `/metrics`; the web pages are not.
    static func isDocumented(_ route: Route) -> Bool {
        Audience(path: route.path) == .program
    }

    /// The routes that have no operation in ``operations``, and the operations that no route has.
    static func mismatches(routes: [Route]) -> (undocumented: [String], stale: [String]) {
        let keys = Set(routes.filter(isDocumented).map(\.key))
        return (keys.subtracting(operations.keys).sorted(), Set(operations.keys).subtracting(keys).sorted())
    }

    /// The whole document for these routes. A route without an operation is still listed, marked
    /// undocumented.
    static func render(routes: [Route]) -> String {
        var text = components + "\npaths:\n"
        var byPath: [String: [Route]] = [:]
        for route in routes where isDocumented(route) { byPath[route.path, default: []].append(route) }
        for path in byPath.keys.sorted() {
            text += "  \(path):\n"
            for route in byPath[path, default: []].sorted() {
                text += "    \(route.method.lowercased()):\n"
                let operation =
                    operations[route.key].map { withErrorResponses($0, for: route) }
                    ?? "summary: (undocumented)\nresponses: {default: {description: undocumented}}"
                for line in operation.split(separator: "\n") { text += "      \(line)\n" }
            }
        }
        return text
    }

    /// The refusals a route can answer besides those its operation names, each in the `Error`
    /// shape, from what the route takes:
    /// - 400: a path parameter, a query parameter or a body that is not what it must be;
    /// - 401 and 403: a bearer token that is missing, revoked, or of the wrong kind (a runner's on
    ///   a user's route, a job's without the grant) wherever a token is read;
    /// - 404: a path naming a job, group, key, task or artifact that is not there (or not yours);
    /// - 410: a runner route for a job the calling runner does not hold;
    /// - 413: a body over the route's limit.
    static func errorCodes(for route: Route, operation: String) -> [String] {
        var codes: [String] = []
        let takesBody = operation.contains("requestBody:")
        let hasParameters = route.path.contains("{") || operation.contains("in: query")
        if hasParameters || takesBody { codes.append("400") }
        if !operation.contains("security: [{}]") { codes += ["401", "403"] }
        if route.path.contains("{") { codes.append("404") }
        if route.path.hasPrefix("/api/runner/jobs/") { codes.append("410") }
        if takesBody { codes.append("413") }
        return codes
    }

    /// `operation` with ``errorCodes(for:operation:)`` added to its `responses` (those it does not
    /// already name), whether the responses are written as a flow map on one line or as a block.
    static func withErrorResponses(_ operation: String, for route: Route) -> String {
        var lines = operation.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("responses:") }) else { return operation }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix(" ") { end += 1 }
        let named = lines[start..<end].joined(separator: "\n")
        let missing = errorCodes(for: route, operation: operation).filter { !named.contains("'\($0)'") }
        guard !missing.isEmpty else { return operation }
        let reference = "{$ref: '#/components/responses/Error'}"
        if lines[start].hasSuffix("}"), end == start + 1 {
            let added = missing.map { ", '\($0)': \(reference)" }.joined()
            lines[start] = String(lines[start].dropLast()) + added + "}"
        } else {
            lines.insert(contentsOf: missing.map { "  '\($0)': \(reference)" }, at: end)
        }
        return lines.joined(separator: "\n")
    }
}
