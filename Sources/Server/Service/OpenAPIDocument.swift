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
                    operations[route.key]
                    ?? "summary: (undocumented)\nresponses: {default: {description: undocumented}}"
                for line in operation.split(separator: "\n") { text += "      \(line)\n" }
            }
        }
        return text
    }
}
