import Foundation
import Store

extension RetentionKind {
    /// What the job page and the API say of a job whose `self` retention removed at `date`.
    func expiredNote(at date: Date) -> String {
        "\(self == .logs ? "The logs" : "The artifacts") expired on \(Formatting.time(date)): this server keeps "
            + "a job's \(rawValue) for a limited time after it ends (hck server --keep-\(rawValue)-days)."
    }
}
