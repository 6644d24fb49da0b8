/// How a trigger's delivery is tried again: up to ``attempts`` tries, waiting ``firstBackoff``
/// before the second and twice as long before each later one. The one rule of retries that
/// ``WebhookSender`` and ``CommitStatusSender`` both follow.
struct DeliveryRetries: Sendable {
    /// Attempts before giving up (at least one is made).
    var attempts: Int
    /// The wait before the second attempt; doubled before each later one.
    var firstBackoff: Duration

    /// Makes attempts until one says it is the last (it succeeded, or no retry can help) or all were
    /// made.
    /// - Parameter attempt: one try; returns its outcome and whether it is the last.
    /// - Returns: the last attempt's outcome and how many attempts were made.
    func run<Outcome>(_ attempt: () async -> (outcome: Outcome, last: Bool)) async -> (
        outcome: Outcome, attempts: Int
    ) {
        let attempts = max(1, attempts)
        var backoff = firstBackoff
        var number = 1
        while true {
            let (outcome, last) = await attempt()
            if last || number == attempts { return (outcome, number) }
            try? await Task.sleep(for: backoff)
            backoff *= 2
            number += 1
        }
    }
}
