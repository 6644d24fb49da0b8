import Foundation
import HckCore

extension Schedule {
    /// A list column's text (JSON), as both stores keep `manifests` and `tags`.
    static func encodeList(_ list: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(list), as: UTF8.self)
    }

    /// A list column read back.
    static func decodeList(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    /// The refusal of a name the owner already uses.
    static func duplicate(_ schedule: Schedule) -> StoreError {
        StoreError(.duplicate, "\(schedule.owner) already has a schedule named '\(schedule.name)'")
    }
}
