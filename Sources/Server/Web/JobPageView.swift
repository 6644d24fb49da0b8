import Foundation
import HckCore
import Manifest
import Store
import Wire

/// A job's page: status, facts, tasks, logs, artifacts, trigger deliveries and the manifest. All parts
/// but the logs and the manifest are also sent on their own to a live page (`JobUpdate`).
struct JobPageView {
    var job: Job
    var times: JobTimes
    var logs: [LogView]
    var artifacts: [Artifact]
    var deliveries: [TriggerDelivery]
    var viewer: WebViewer?
    var now: Date
    /// Where the job's VM is reached while it is kept for SSH (``JobService/keptVM(of:now:)``).
    var kept: KeptVM? = nil
    /// When retention removed the job's artifacts or logs (``RetentionStore/expirations(id:)``).
    var expirations: [RetentionKind: Date] = [:]

    /// Whether the page follows the job live: while it runs, and after it ended while its VM is
    /// kept (the `ssh` command goes when the VM does).
    var isLive: Bool { !job.status.isFinal || kept != nil }

    func render() -> HTML {
        let live: HTML = isLive ? " data-events=\"/jobs/\(job.id)/events\"" : ""
        let withoutScript: HTML =
            isLive
            ? "<noscript><p class=\"hint\">This page follows the job live with JavaScript; reload it to see progress.</p></noscript>"
            : ""
        return """
            <article class="job" id="job"\(live)>
            <h1>Job #\(job.id) <span id="job-status">\(StatusStyle.label(job.status))</span></h1>
            \(withoutScript)
            <div id="job-facts">\(facts())</div>
            <div id="job-ssh">\(ssh())</div>
            <div id="job-actions">\(actions())</div>
            <section><h2>Tasks</h2><div id="job-tasks">\(tasks())</div></section>
            <section class="logs"><h2>Logs</h2>\(expired(.logs))\(logs.map { $0.render() })</section>
            <div id="job-artifacts">\(artifactList())</div>
            <div id="job-triggers">\(deliveryList())</div>
            <section><h2>Manifest</h2><pre class="manifest">\(job.manifest)</pre></section>
            </article>
            """
    }

    /// Owner, image, runner, note, tags and times.
    func facts() -> HTML {
        let tags = job.tags.map { tag -> HTML in "<a class=\"tag\" href=\"/tags/\(tag.urlComponentEncoded)\">\(tag)</a>"
        }
        let group: HTML = job.groupID.map { "<dt>Group</dt><dd><a href=\"/groups/\($0)\">#\($0)</a></dd>" } ?? ""
        let reason: HTML = job.reason.map { "<dt>Reason</dt><dd>\($0)</dd>" } ?? ""
        return """
            <dl class="facts">
            <dt>Owner</dt><dd><a href="/~\(job.owner.urlComponentEncoded)">~\(job.owner)</a></dd>
            <dt>Image</dt><dd>\(job.image) <span class="arch">\(job.arch)</span></dd>
            <dt>Runner</dt><dd>\(job.runner ?? times.runner ?? "—")</dd>
            <dt>Visibility</dt><dd>\(job.visibility.rawValue)</dd>
            <dt>Note</dt><dd class="note">\(job.note ?? "—")</dd>
            <dt>Tags</dt><dd>\(tags)</dd>
            \(group)
            <dt>Submitted</dt><dd>\(Formatting.time(job.createdAt))</dd>
            <dt>Started</dt><dd>\(Formatting.time(times.job.started))</dd>
            <dt>Finished</dt><dd>\(Formatting.time(times.job.finished))</dd>
            <dt>Duration</dt><dd>\(Formatting.duration(times.job.duration(now: now)))</dd>
            \(reason)
            </dl>
            """
    }

    /// The tasks with their status and duration, each linking to its log.
    func tasks() -> HTML {
        let items = job.tasks.enumerated().map { index, task -> HTML in
            let duration = Formatting.duration(times.tasks[task.name]?.duration(now: now))
            return """
                <li class="task s-\(task.status.rawValue)" data-task="\(task.name)"><a href="#t\(index + 1)">\(task.name)</a> \
                \(StatusStyle.label(task.status)) <span class="duration">\(duration)</span></li>
                """
        }
        return "<ol class=\"tasks\">\(items)</ol>"
    }

    /// Cancel and resubmit for the owner signed in with a browser session; edit and resubmit (the
    /// submit page, filled from this job) for anyone signed in so.
    func actions() -> HTML {
        guard let viewer, !viewer.csrf.isEmpty else { return "" }
        let edit: HTML = "<a class=\"button\" href=\"/submit?from=\(String(job.id))\">Edit and resubmit</a>"
        guard viewer.name == job.owner else { return "<section class=\"actions\">\(edit)</section>" }
        let cancel: HTML =
            job.status.isFinal
            ? ""
            : "<form method=\"post\" action=\"/jobs/\(job.id)/cancel\">\(viewer.csrfField)<button type=\"submit\" class=\"danger\">Cancel job</button></form>"
        return """
            <section class="actions">\(cancel)\
            <form method="post" action="/jobs/\(job.id)/resubmit">\(viewer.csrfField)<button type="submit">Resubmit</button></form>\
            \(edit)</section>
            """
    }

    /// The `ssh` command while the job's VM is kept alive for the owner.
    func ssh() -> HTML {
        guard let command = SSHAccess.command(for: job, kept: kept) else { return "" }
        let claim: HTML =
            kept?.claimed == false && kept?.isRunning == false && viewer?.name == job.owner
                && viewer?.csrf.isEmpty == false
            ? "<form method=\"post\" action=\"/jobs/\(job.id)/claim\">\(viewer?.csrfField ?? "")<button type=\"submit\">Keep until the deadline</button></form>"
            : ""
        let until: HTML =
            kept.map {
                $0.isRunning
                    ? "The job is running: connecting shows its log, then a shell if its VM is kept (after a failure, or with shell: true)."
                    : $0.claimed
                        ? "Kept until the job's deadline (claimed)."
                        : "Kept until \(Formatting.time($0.until)) (\($0.reason))."
            } ?? ""
        return "<section class=\"ssh\"><h2>Connect</h2><pre>\(command)</pre><p>\(until)</p>\(claim)</section>"
    }

    /// Says when retention removed the job's `kind`, if it did.
    func expired(_ kind: RetentionKind) -> HTML {
        guard let date = expirations[kind] else { return "" }
        return "<p class=\"expired\">\(kind.expiredNote(at: date))</p>"
    }

    func artifactList() -> HTML {
        guard !artifacts.isEmpty else {
            return expirations[.artifacts] == nil ? "" : "<section><h2>Artifacts</h2>\(expired(.artifacts))</section>"
        }
        let rows = artifacts.map { artifact -> HTML in
            """
            <tr><td><a class="artifact" download href="/jobs/\(job.id)/artifacts/\(artifact.name.urlComponentEncoded)">\(artifact.name)</a></td>\
            <td class="size">\(Formatting.size(artifact.size))</td></tr>
            """
        }
        return "<section><h2>Artifacts</h2><table class=\"artifacts\"><tbody>\(rows)</tbody></table></section>"
    }

    func deliveryList() -> HTML {
        guard !deliveries.isEmpty else { return "" }
        let rows = deliveries.map { delivery -> HTML in
            let outcome: HTML =
                delivery.succeeded
                ? "<span class=\"status s-success\">✔ delivered</span>"
                : "<span class=\"status s-failed\">✘ failed</span>"
            return """
                <tr><td>\(delivery.action)</td><td>\(delivery.target)</td><td>\(outcome)</td><td>\(delivery.detail)</td>\
                <td>\(delivery.attempts)</td><td>\(Formatting.time(delivery.at))</td></tr>
                """
        }
        return """
            <section><h2>Triggers</h2><div class="wide"><table class="deliveries">
            <thead><tr><th>Action</th><th>Target</th><th>Outcome</th><th>Detail</th><th>Attempts</th><th>At</th></tr></thead>
            <tbody>\(rows)</tbody></table></div></section>
            """
    }
}

/// The `ssh` command shown while a job's VM is kept for SSH (builds.sr.ht's "connect to the build"):
/// only the owner's registered keys get in, through the runner's gateway.
enum SSHAccess {
    /// The command to reach the job's VM, or nil when it cannot be reached.
    /// - Parameters:
    ///   - job: the job.
    ///   - kept: where its runner's gateway reaches the VM (``JobService/keptVM(of:now:)``).
    static func command(for job: Job, kept: KeptVM?) -> String? {
        kept?.command(job: job.id)
    }
}
