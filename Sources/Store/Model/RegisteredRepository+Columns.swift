import Foundation
import HckCore

extension RegisteredRepository {
    /// The refusal of a name the owner already uses.
    static func duplicate(_ repository: RegisteredRepository) -> StoreError {
        StoreError(.duplicate, "\(repository.owner) already has a repository named '\(repository.name)'")
    }

    /// The `fork_builds` column read back; a value this hck does not know (written by a newer one) is
    /// refused rather than read as either setting.
    static func forkBuilds(_ text: String, owner: String, name: String) throws -> ForkBuilds {
        guard let forkBuilds = ForkBuilds(rawValue: text) else {
            throw StoreError(
                .schema,
                "\(owner)'s repository '\(name)' builds forks' pull requests as '\(text)', which this hck does not know"
            )
        }
        return forkBuilds
    }
}
