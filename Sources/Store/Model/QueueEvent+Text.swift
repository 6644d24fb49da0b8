/// A queue event as one line of text (`queued`, `cancel 12`, `progress 12`, `changed 12`), for servers that pass
/// their doorbell's rings to each other.
extension QueueEvent {
    /// The event as text.
    public var text: String {
        switch self {
        case .queued: "queued"
        case .cancel(let id): "cancel \(id)"
        case .progress(let id): "progress \(id)"
        case .changed(let id): "changed \(id)"
        }
    }

    /// Reads ``text``; nil for anything else.
    /// - Parameter text: the text.
    public init?(text: some StringProtocol) {
        let words = text.split(separator: " ")
        switch (words.first, words.count == 2 ? Int64(words[1]) : nil) {
        case ("queued", nil) where words.count == 1: self = .queued
        case ("cancel", let id?): self = .cancel(id)
        case ("progress", let id?): self = .progress(id)
        case ("changed", let id?): self = .changed(id)
        default: return nil
        }
    }
}
