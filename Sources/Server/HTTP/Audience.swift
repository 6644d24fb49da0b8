/// Who a route answers: programs (the API under `/api/`, and `/metrics`) get JSON, browsers get
/// HTML pages. Errors follow the same rule, so a web page never answers JSON and the API never HTML.
enum Audience: Sendable {
    case program
    case browser

    /// The audience of the route at `path`.
    init(path: String) {
        self = path.hasPrefix("/api/") || path == "/metrics" ? .program : .browser
    }
}
