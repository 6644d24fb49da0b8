import Foundation
import HckCore
import Manifest
import Store
import Wire

/// A listing of jobs: the filter form, a table (cards on a phone) and a link to older jobs.
struct JobListView {
    /// The heading.
    var heading: String
    /// The filter shown in the form and kept in paging links.
    var filter: JobFilter
    /// The page's path, which the form and the paging links go to.
    var path: String
    /// The filter the page itself fixes (owner on `/~owner`, tag on `/tags/…`): not offered in the form.
    var fixed = JobFilter()
    /// Free text shown under the heading (a job group's note).
    var note: String?
    /// The jobs on this page (at most one page).
    var jobs: [Job]
    /// The id below which the next page starts, when there is one.
    var older: Int64?
    /// A badge to show next to the heading.
    var badge: String?
    /// Forms shown under the note (a held group's approval).
    var actions: HTML = ""

    func render() -> HTML {
        let rows = jobs.map(Self.row)
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">No jobs to show.</p>"
            : """
            <table class="jobs">
            <thead><tr><th>Job</th><th>Status</th><th>Owner</th><th>Image</th><th>Tags</th><th>Note</th><th>Submitted</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """
        let more: HTML =
            older.map { "<p class=\"pager\"><a rel=\"next\" href=\"\(query(before: $0))\">Older jobs →</a></p>" } ?? ""
        let badgeImage: HTML = badge.map { "<img class=\"badge\" alt=\"status badge\" src=\"\($0)\">" } ?? ""
        return """
            <h1>\(heading) \(badgeImage)</h1>
            \(note.map { note -> HTML in "<p class=\"note\">\(note)</p>" } ?? "")
            \(actions)
            \(form())
            \(table)
            \(more)
            """
    }

    static func row(_ job: Job) -> HTML {
        let tags = job.tags.map { tag -> HTML in "<a class=\"tag\" href=\"/tags/\(tag.urlComponentEncoded)\">\(tag)</a>"
        }
        return """
            <tr class="job">
            <td data-label="Job"><a href="/jobs/\(job.id)">#\(job.id)</a></td>
            <td data-label="Status">\(StatusStyle.label(job.status))</td>
            <td data-label="Owner"><a href="/~\(job.owner.urlComponentEncoded)">~\(job.owner)</a></td>
            <td data-label="Image">\(job.image) <span class="arch">\(job.arch)</span></td>
            <td data-label="Tags">\(tags)</td>
            <td data-label="Note" class="note">\(job.note ?? "")</td>
            <td data-label="Submitted"><time datetime="\(Formatting.isoTime(job.createdAt))">\(Formatting.time(job.createdAt))</time></td>
            </tr>
            """
    }

    func form() -> HTML {
        let options =
            [HTML("<option value=\"\">any status</option>")]
            + JobStatus.allCases.map { status -> HTML in
                let selected: HTML = filter.status == status ? " selected" : ""
                return "<option value=\"\(status.rawValue)\"\(selected)>\(status.rawValue)</option>"
            }
        let owner: HTML =
            fixed.owner == nil
            ? "<label>Owner <input name=\"owner\" value=\"\(filter.owner ?? "")\" placeholder=\"anyone\"></label>" : ""
        let tag: HTML =
            fixed.tag == nil
            ? "<label>Tag <input name=\"tag\" value=\"\(filter.tag ?? "")\" placeholder=\"any tag\"></label>" : ""
        return """
            <form class="filter" method="get" action="\(path)">
            \(owner)
            \(tag)
            <label>Status <select name="status">\(options)</select></label>
            <button type="submit">Filter</button>
            </form>
            """
    }

    /// The URL of the next page, keeping the filter.
    func query(before: Int64) -> String {
        var items: [String] = []
        if let owner = filter.owner, fixed.owner == nil { items.append("owner=\(owner.urlComponentEncoded)") }
        if let tag = filter.tag, fixed.tag == nil { items.append("tag=\(tag.urlComponentEncoded)") }
        if let status = filter.status { items.append("status=\(status.rawValue)") }
        items.append("before=\(before)")
        return "\(path)?\(items.joined(separator: "&"))"
    }
}
