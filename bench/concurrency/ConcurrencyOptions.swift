import Foundation
import HckCore

/// `--jobs N --image-dir DIR`.
struct ConcurrencyOptions {
    /// How many jobs are submitted at once (`hck up` gets as many slots).
    var jobs = 4
    /// Where built images are, for `hck up --image-dir`; nil: `hck up`'s own default.
    var imageRoot: String?

    /// Reads the options.
    /// - Throws: ``ConcurrencyBenchError`` (`usage`) for an unknown option or a missing or bad value.
    init(_ arguments: ArraySlice<String>) throws {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            switch flag {
            case "--jobs":
                guard let value = iterator.next().flatMap({ Int($0) }), (1...64).contains(value) else {
                    throw ConcurrencyBenchError(.usage, "--jobs needs a whole number from 1 to 64")
                }
                jobs = value
            case "--image-dir":
                guard let value = iterator.next() else {
                    throw ConcurrencyBenchError(.usage, "--image-dir needs a folder")
                }
                imageRoot = value
            default:
                throw ConcurrencyBenchError(.usage, "unknown option \(flag); use --jobs N and --image-dir DIR")
            }
        }
    }

    /// The `hck` built next to this program.
    static var hck: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hck").path
    }
}

/// Why the bench could not measure.
typealias ConcurrencyBenchError = CodedError<ConcurrencyBenchErrorCode>

/// What kind of failure a ``ConcurrencyBenchError`` is.
enum ConcurrencyBenchErrorCode: String, ErrorCode {
    /// An unknown option, or an option's value missing or wrong.
    case usage
    /// `hck` is missing, or the work folder cannot be made.
    case setup
    /// `hck up` did not start serving, or ended while the jobs ran.
    case upFailed
    /// An `hck submit` failed.
    case submitFailed
}
