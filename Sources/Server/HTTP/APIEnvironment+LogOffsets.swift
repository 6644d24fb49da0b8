import Foundation
import HckCore
import Hummingbird
import Store
import Wire

extension APIEnvironment {

    /// The `offset` of `POST /api/runner/jobs/:id/log`: the byte of the log the chunk starts at, or nil
    /// when the request does not say (the chunk then goes at the log's end, as old runners expect).
    /// - Parameter request: the append.
    /// - Throws: a 400 naming the value when it is not a byte position.
    func logOffset(of request: Request) throws(APIError) -> Int? {
        try request.integer(query: "offset", in: RequestNumber.positions)
    }
}
