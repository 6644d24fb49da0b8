import HckCore
import Store
import Wire

extension StaticAssets {
    /// live.js: follows a running job's events (Server-Sent Events) and patches the page — status,
    /// facts, tasks, and new log lines appended to their log. The server renders and escapes every
    /// fragment; the script only places them. Without JavaScript the page is complete, just not live.
    static let script = """
        (function () {
          "use strict";
          var job = document.getElementById("job");
          if (!job || !job.dataset.events || !window.EventSource) return;
          var logs = Array.prototype.slice.call(document.querySelectorAll("pre.lines[data-log]"));
          var from = logs.map(function (pre) { return pre.dataset.offset + ":" + pre.dataset.line; }).join(",");
          var source = new EventSource(job.dataset.events + "?from=" + encodeURIComponent(from));
          job.classList.add("live");
          function replace(id, html) {
            var element = document.getElementById(id);
            if (element) element.innerHTML = html;
          }
          source.addEventListener("job", function (event) {
            var update = JSON.parse(event.data);
            replace("job-status", update.statusHTML);
            replace("job-facts", update.factsHTML);
            replace("job-tasks", update.tasksHTML);
            replace("job-actions", update.actionsHTML);
            replace("job-ssh", update.sshHTML);
            replace("job-artifacts", update.artifactsHTML);
            replace("job-triggers", update.triggersHTML);
          });
          source.addEventListener("lines", function (event) {
            var update = JSON.parse(event.data);
            var pre = logs.filter(function (p) { return p.dataset.log === update.log; })[0];
            if (!pre) return;
            pre.insertAdjacentHTML("beforeend", update.html);
            // A page keeps the last lines of a long log, as the server's tail does.
            for (var excess = pre.children.length - 20000; excess > 0; excess--) pre.removeChild(pre.firstElementChild);
            pre.dataset.offset = update.offset;
            pre.dataset.line = update.line;
            var size = document.querySelector("[data-size='" + update.log + "']");
            if (size) size.textContent = update.size;
          });
          source.addEventListener("end", function () {
            source.close();
            job.classList.remove("live");
            job.classList.add("ended");
          });
        })();
        """
}
