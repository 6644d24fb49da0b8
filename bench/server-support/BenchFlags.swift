/// A benchmark's `--name N` options, whole numbers of at least 1: those given, else their defaults.
/// An unknown name is said and passed over.
package struct BenchFlags {
    private var values: [String: Int]

    /// Reads `arguments` (`--jobs 100 --clients 8`) over `defaults` (`["jobs": 5000, …]`, names without dashes).
    package init(_ arguments: ArraySlice<String>, defaults: [String: Int]) {
        values = defaults
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            let name = String(flag.drop { $0 == "-" })
            guard flag.hasPrefix("--"), values[name] != nil else {
                let known = defaults.keys.sorted().map { "--\($0)" }.joined(separator: ", ")
                print("unknown option \(flag); use \(known)")
                continue
            }
            values[name] = max(1, iterator.next().flatMap { Int($0) } ?? 1)
        }
    }

    /// The value of `--name`.
    package subscript(_ name: String) -> Int {
        values[name] ?? 0
    }
}
