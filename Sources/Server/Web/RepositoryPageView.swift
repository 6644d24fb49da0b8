import Foundation
import HckCore
import Manifest
import Store
import Wire

/// `/repos/NAME`: a repository's latest builds per branch, each branch with its status badge, as
/// buildhck shows a project. A push's jobs carry the repository's tag, then the branch's
/// (`PushBuild` in GitPush), which is how a job is placed under a branch.
struct RepositoryPageView {
    /// One branch: its newest jobs first.
    struct Branch: Hashable {
        /// The branch's tag (a `/` in its name became `-`).
        var name: String
        /// Its jobs, newest first, at most ``RepositoryPageView/jobsPerBranch``.
        var jobs: [Job]
    }

    /// How many of a branch's jobs the page shows.
    static let jobsPerBranch = 5

    /// The repository's name, as its jobs' first tag.
    var repository: String
    /// Its branches, the one built last first.
    var branches: [Branch]
    /// The server's public URL, for the badge addresses users copy.
    var baseURL: String

    /// The branches of `repository` in `jobs` (newest first): each job whose tags are the
    /// repository's and then a branch's, grouped by branch, in the order of each branch's newest job.
    static func branches(of repository: String, in jobs: [Job]) -> [Branch] {
        var branches: [Branch] = []
        var index: [String: Int] = [:]
        for job in jobs where job.tags.count >= 2 && job.tags[0] == repository {
            let name = job.tags[1]
            if let at = index[name] {
                if branches[at].jobs.count < jobsPerBranch { branches[at].jobs.append(job) }
            } else {
                index[name] = branches.count
                branches.append(Branch(name: name, jobs: [job]))
            }
        }
        return branches
    }

    /// A branch's badge, relative to the server.
    static func badgePath(repository: String, branch: String) -> String {
        "/repos/\(repository.urlComponentEncoded)/\(branch.urlComponentEncoded)/badge.svg"
    }

    func render() -> HTML {
        let rows = branches.map(row)
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">No builds of \(repository) to show yet: push to it with the git hook or a forge webhook.</p>"
            : """
            <table class="jobs branches">
            <thead><tr><th>Branch</th><th>Status</th><th>Latest builds</th><th>Note</th></tr></thead>
            <tbody>\(HTML.join(rows))</tbody>
            </table>
            """
        return """
            <h1>Repository \(repository)</h1>
            <p>The latest builds of each branch pushed. <a href="/tags/\(repository.urlComponentEncoded)">Every job of \(repository)</a></p>
            \(table)
            """
    }

    private func row(_ branch: Branch) -> HTML {
        let badge = Self.badgePath(repository: repository, branch: branch.name)
        let builds = branch.jobs.map { job -> HTML in
            "<li><a href=\"/jobs/\(job.id)\">#\(job.id)</a> \(StatusStyle.label(job.status))</li>"
        }
        let subject = branch.jobs.first?.note?.split(separator: "\n").first.map(String.init) ?? ""
        return """
            <tr class="branch">
            <td data-label="Branch"><strong>\(branch.name)</strong></td>
            <td data-label="Status"><img class="badge" alt="\(branch.name) status" src="\(badge)"><br><code>\(baseURL)\(badge)</code></td>
            <td data-label="Latest builds"><ul class="builds">\(HTML.join(builds))</ul></td>
            <td data-label="Note" class="note">\(subject)</td>
            </tr>
            """
    }
}
