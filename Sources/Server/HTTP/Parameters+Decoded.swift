import Foundation
import Hummingbird

extension Parameters {
    /// A path parameter with its percent-encoding undone (the pages' links and the API client encode names and tags).
    /// - Parameter name: the parameter's name in the route.
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
