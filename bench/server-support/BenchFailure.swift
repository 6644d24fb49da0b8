/// A benchmark could not go on: what went wrong, in words.
package struct BenchFailure: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
