import Foundation
import HckCore
import Hummingbird
import Store
import Wire

extension APIEnvironment {

    /// The `offset` of `POST /api/runner/jobs/:id/log`: the byte of the log the chunk starts at, or nil
    /// when the request does not say (the chunk then goes at the log's end, as old runners expect).
    /// - Parameter request: the append.
    /// - Throws: a 400 naming the value when it is not a whole number of bytes.
    func logOffset(of request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters.get("offset") else { return nil }
        guard let offset = Int(text), offset >= 0 else {
            throw APIError(
                .badRequest,
                "offset '\(text)' is not a byte position in the log (a whole number, 0 or more)"
            )
        }
        return offset
    }
}
