/// `--jobs N --clients C --runners R --samples S`.
struct BenchOptions {
    var jobs = 5000
    var clients = 16
    var runners = 4
    var samples = 300

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next().flatMap(Int.init) ?? 0
            switch flag {
            case "--jobs": jobs = value
            case "--clients": clients = value
            case "--runners": runners = value
            case "--samples": samples = value
            default: print("unknown option \(flag); use --jobs, --clients, --runners, --samples")
            }
        }
    }
}
