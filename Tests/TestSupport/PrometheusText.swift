/// A Prometheus text exposition as a test reads it: each sample's value by its series (name and
/// labels as written, e.g. `hck_jobs{status="queued"}`), and each metric's `# TYPE`.
public struct PrometheusText: Sendable, CustomStringConvertible {
    /// The text as served.
    public let description: String
    private let samples: [String: Double]
    private let types: [String: String]

    /// Reads `text`; a line it cannot read fails the test where a value is then missing.
    public init(_ text: String) {
        description = text
        var samples: [String: Double] = [:]
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("# TYPE "), words.count == 4 {
                types[String(words[2])] = String(words[3])
            } else if !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...])
            {
                samples[String(line[..<space])] = value
            }
        }
        self.samples = samples
        self.types = types
    }

    /// A sample's value, e.g. `self["hck_dispatch_latency_seconds_count"]`.
    public subscript(_ series: String) -> Double? { samples[series] }

    /// A metric's type (`counter`, `gauge`, `histogram`).
    public func type(of name: String) -> String? { types[name] }
}
