import Foundation
public import Wire

extension APIClient {
    /// Every registered runner: what it offers and runs, when it was last heard from, whether it is lost.
    public func runners() async throws -> [RunnerView] {
        let answer = try await exchange(APIRoute.listRunners.request())
        try ClientError.check(answer.status, answer.body)
        return try JSONDecoder.api.decode([RunnerView].self, from: answer.body)
    }
}
