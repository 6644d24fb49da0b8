import HckCore
import Store
import Wire

extension OpenAPIDocument {
    /// Everything but the paths: the document's head, security schemes, shared parameters, schemas and responses.
    static let components = #"""
        openapi: 3.0.3
        info:
          title: hck API
          version: "1"
          description: |
            JSON over HTTP with bearer tokens (`Authorization: Bearer TOKEN`, or `token TOKEN` as
            builds.sr.ht's clients send). Compatible with builds.sr.ht's REST API where it exists (jobs,
            job groups); the runner protocol is hck's own; docs/api.md lists every difference.
            Errors are `{"error": "...", "diagnostics": ["file:line:col: error: ..."], "available": [...],
            "errors": [{"reason": "...", "field": "..."}]}`, the last in sr.ht's standard shape.
            A revoked token gets 401 saying when and why it was revoked.
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          parameters:
            id: {name: id, in: path, required: true, schema: {type: integer, format: int64}}
            task: {name: task, in: path, required: true, schema: {type: string}}
            name: {name: name, in: path, required: true, schema: {type: string}}
          schemas:
            Error:
              type: object
              required: [error, errors]
              properties:
                error: {type: string}
                diagnostics: {type: array, items: {type: string}}
                available: {type: array, items: {type: string}}
                errors:
                  type: array
                  description: sr.ht's standard error shape, one entry per manifest diagnostic or one for error
                  items:
                    type: object
                    required: [reason]
                    properties:
                      reason: {type: string}
                      field: {type: string, description: the request's field the refusal is about}
            JobStatus: {type: string, enum: [pending, queued, running, success, failed, timeout, cancelled]}
            TaskStatus: {type: string, enum: [pending, running, success, failed, skipped]}
            Visibility: {type: string, enum: [public, unlisted, private]}
            Submit:
              type: object
              required: [manifest]
              properties:
                manifest: {type: string, description: the YAML build manifest}
                note: {type: string}
                tags: {type: array, items: {type: string}}
                secrets: {type: boolean, default: true}
                execute: {type: boolean, default: true, description: false leaves the job pending}
                visibility: {$ref: '#/components/schemas/Visibility'}
            TriggerDelivery:
              type: object
              properties:
                action: {type: string}
                target: {type: string}
                succeeded: {type: boolean}
                detail: {type: string}
                attempts: {type: integer}
                at: {type: string, format: date-time}
            Job:
              type: object
              properties:
                id: {type: integer, format: int64}
                status: {$ref: '#/components/schemas/JobStatus'}
                note: {type: string, nullable: true}
                tags: {type: string, nullable: true, description: "the tags joined by '/' as builds.sr.ht shows them (a/b), null when none"}
                visibility: {$ref: '#/components/schemas/Visibility'}
                image: {type: string}
                arch: {type: string}
                runner: {type: string}
                reason: {type: string, description: e.g. "runner lost"}
                deadline: {type: string, format: date-time, description: when a running job ends timeout whatever its runner does}
                owner:
                  type: object
                  properties:
                    canonical_name: {type: string}
                    name: {type: string}
                setup_log: {type: string, format: uri}
                tasks:
                  type: array
                  items:
                    type: object
                    properties:
                      name: {type: string}
                      status: {$ref: '#/components/schemas/TaskStatus'}
                      log: {type: string, format: uri}
                group_id: {type: integer, format: int64}
                triggers: {type: array, items: {$ref: '#/components/schemas/TriggerDelivery'}}
                url: {type: string, format: uri, description: the job's web page}
                api_url: {type: string, format: uri, description: the job in this API}
                created: {type: string, format: date-time}
                updated: {type: string, format: date-time}
                artifacts_expired: {type: string, format: date-time, description: when retention removed the job's artifacts (their downloads then answer 410)}
                logs_expired: {type: string, format: date-time, description: when retention removed the job's logs}
            GroupTrigger:
              type: object
              required: [action, condition]
              properties:
                action: {type: string, enum: [email, webhook, commit-status], description: "commit-status is set by forge webhooks' builds only; a submission may not use it"}
                condition: {type: string, enum: [always, success, failure]}
                to: {type: string}
                cc: {type: string}
                in_reply_to: {type: string}
                url: {type: string}
                repository: {type: string, description: a commit status's registered repository}
                forge_path: {type: string, description: a commit status's repository as its forge names it}
                commit: {type: string, description: a commit status's commit}
            JobGroup:
              type: object
              properties:
                id: {type: integer, format: int64}
                note: {type: string}
                jobs: {type: array, items: {$ref: '#/components/schemas/Job'}}
                triggers: {type: array, items: {$ref: '#/components/schemas/GroupTrigger'}}
                status: {$ref: '#/components/schemas/JobStatus'}
            Artifact:
              type: object
              properties:
                name: {type: string}
                size: {type: integer, format: int64}
                created: {type: string, format: date-time}
                url: {type: string, format: uri}
            Secret:
              type: object
              properties:
                id: {type: string, format: uuid}
                name: {type: string}
                kind: {type: string, enum: [ssh_key, pgp_key, file]}
                path: {type: string}
                mode: {type: integer}
            SSHKey:
              type: object
              properties:
                id: {type: integer, format: int64}
                owner: {type: string}
                key: {type: string, description: the OpenSSH public key line}
                comment: {type: string}
                fingerprint: {type: string, description: 'SHA256:…'}
                created_at: {type: string, format: date-time}
            ScheduleRequest:
              type: object
              required: [name, cron, manifests]
              properties:
                name: {type: string, description: "unique among yours: 1 to 64 letters, digits, '.', '_' or '-'"}
                cron: {type: string, description: "minute hour day-of-month month day-of-week, in UTC (e.g. '0 3 * * *'), or @daily, @hourly…"}
                manifests: {type: array, minItems: 1, maxItems: 32, items: {type: string}, description: the YAML manifests each tick submits as one job group}
                tags: {type: array, items: {type: string}}
                note: {type: string, description: the jobs' note; each tick adds which tick it is}
            Schedule:
              type: object
              properties:
                name: {type: string}
                cron: {type: string}
                manifest_count: {type: integer}
                tags: {type: array, items: {type: string}}
                note: {type: string}
                created: {type: string, format: date-time}
                last_tick: {type: string, format: date-time, description: the last tick submitted; absent before the first}
                next_tick: {type: string, format: date-time}
            RepositoryRequest:
              type: object
              required: [name, forge, clone_url, secret]
              properties:
                name: {type: string, description: "unique among yours: 1 to 64 letters, digits, '.', '_' or '-'; the builds' first tag"}
                forge: {type: string, enum: [gitea, github, gitlab]}
                clone_url: {type: string, description: "an http(s):// or git:// URL without credentials, as the forge's payloads name it"}
                secret: {type: string, description: the webhook secret given to the forge}
                api_url: {type: string, description: "the forge's API base, for commit statuses (with api_token)"}
                api_token: {type: string, description: a token that may set commit statuses (with api_url)}
                fork_builds: {type: string, enum: [approve, run], description: what a pull request from a fork does (default approve)}
            Repository:
              type: object
              properties:
                name: {type: string}
                forge: {type: string}
                clone_url: {type: string}
                api_url: {type: string}
                fork_builds: {type: string}
                webhook_url: {type: string}
                created: {type: string, format: date-time}
            ForgeDeliveryReply:
              type: object
              properties:
                message: {type: string}
                builds:
                  type: array
                  items:
                    type: object
                    properties:
                      repository: {type: string}
                      group: {type: integer, format: int64}
                      jobs: {type: array, items: {type: integer, format: int64}}
                      url: {type: string}
                      note: {type: string}
            KeptVM:
              type: object
              properties:
                host: {type: string}
                port: {type: integer}
                until: {type: string, format: date-time}
                reason: {type: string}
                claimed: {type: boolean}
            AccessDecision:
              type: object
              properties:
                allowed: {type: boolean}
                user: {type: string}
                reason: {type: string, description: 'why not, in words for the user'}
                claimed: {type: boolean}
            ClaimState:
              type: object
              properties: {claimed: {type: boolean}}
            Capacity:
              type: object
              required: [arches, images, kvm, slots]
              properties:
                arches: {type: array, items: {type: string}}
                images: {type: array, items: {type: string}}
                kvm: {type: boolean}
                slots: {type: integer}
                version: {type: string, description: the hck version the runner runs}
            Runner:
              type: object
              properties:
                name: {type: string}
                arches: {type: array, items: {type: string}}
                images: {type: array, items: {type: string}}
                slots: {type: integer}
                running_jobs: {type: array, items: {type: integer, format: int64}}
                last_heard_at: {type: string, format: date-time, description: 'its last registration, take or heartbeat'}
                version: {type: string}
                kvm: {type: boolean, description: 'false: its guests run under TCG'}
                guests_isolated: {type: boolean}
                lost: {type: boolean, description: not heard from for two leases}
            Assignment:
              type: object
              properties:
                job: {$ref: '#/components/schemas/Job'}
                manifest: {type: string}
                secrets:
                  type: array
                  items:
                    type: object
                    properties:
                      id: {type: string, format: uuid}
                      name: {type: string}
                      kind: {type: string}
                      path: {type: string}
                      mode: {type: integer}
                      value: {type: string, format: byte}
                lease_expires_at: {type: string, format: date-time}
                deadline: {type: string, format: date-time, description: the runner stops the job by then; the server ends it timeout at it}
                oauth2_token: {type: string, description: "OAUTH2_TOKEN: acts for the job's owner while the job runs; only when the manifest sets oauth and the job enables secrets"}
            Heartbeat:
              type: object
              properties:
                cancel: {type: boolean}
                lease_expires_at: {type: string, format: date-time}
          responses:
            Error:
              description: what went wrong and what to do
              content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}
            Job:
              description: the job
              content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}
            Log:
              description: |
                Log bytes. Headers X-Hck-Job-Status, X-Hck-Log-Length (the log's length; with offset, the next offset is offset plus the bytes answered), X-Hck-Task-Status.
                A Range request gets 206 with Content-Range.
              content: {text/plain: {schema: {type: string}}}
        security: [{bearer: []}]
        """#

    /// Each route's operation, keyed by `METHOD /path` with `{name}` for a path parameter, in YAML
    /// as it stands under the method. ``render(routes:)`` lists exactly the router's routes, so a
    /// route missing here shows as undocumented and ServiceEndpointsTests fails.
    static let operations: [String: String] = [
        "POST /api/jobs": #"""
        summary: Submit a manifest (400 with every line:column diagnostic when invalid)
        requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Submit'}}}}
        responses: {'200': {$ref: '#/components/responses/Job'}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}}
        """#,
        "GET /api/jobs": #"""
        summary: Your jobs, newest first, a page at a time (pages keyed by id, stable under new submissions)
        parameters:
          - {name: start, in: query, description: "the highest job id wanted: the previous page's next", schema: {type: integer, format: int64}}
          - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 50}}
        responses:
          '200':
            description: a page of jobs
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    results: {type: array, items: {$ref: '#/components/schemas/Job'}}
                    next: {type: integer, format: int64, description: the start of the next page; absent on the last}
                    results_per_page: {type: integer}
                    total: {type: integer, description: how many jobs all the pages hold}
          '400': {$ref: '#/components/responses/Error'}
        """#,
        "GET /api/jobs/{id}": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: A job (404 for someone else's private job)
        security: [{}, {bearer: []}]
        responses: {'200': {$ref: '#/components/responses/Job'}, '404': {$ref: '#/components/responses/Error'}}
        """#,
        "GET /api/jobs/{id}/manifest": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: The job's manifest
        security: [{}, {bearer: []}]
        responses: {'200': {description: YAML, content: {text/plain: {schema: {type: string}}}}}
        """#,
        "POST /api/jobs/{id}/start": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: Queue a pending job
        responses: {'200': {$ref: '#/components/responses/Job'}, '409': {$ref: '#/components/responses/Error'}}
        """#,
        "POST /api/jobs/{id}/cancel": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: Cancel a job; a running job's runner hears of it within a second
        responses: {'200': {$ref: '#/components/responses/Job'}}
        """#,
        "POST /api/jobs/{id}/resubmit": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: Submit the job's manifest again as a new job
        responses: {'200': {$ref: '#/components/responses/Job'}}
        """#,
        "GET /api/jobs/{id}/log": #"""
        parameters:
          - {$ref: '#/components/parameters/id'}
          - {name: offset, in: query, schema: {type: integer}, description: "bytes already read; the answer then holds at most 4 MiB from there, X-Hck-Log-Length the whole length"}
          - {name: wait, in: query, schema: {type: number}, description: seconds to wait for bytes past offset (follow)}
        summary: The setup log (whole, ranged, or followed)
        security: [{}, {bearer: []}]
        responses: {'200': {$ref: '#/components/responses/Log'}, '206': {$ref: '#/components/responses/Log'}}
        """#,
        "GET /api/jobs/{id}/tasks/{task}/log": #"""
        parameters:
          - {$ref: '#/components/parameters/id'}
          - {$ref: '#/components/parameters/task'}
          - {name: offset, in: query, schema: {type: integer}, description: "bytes already read; the answer then holds at most 4 MiB from there"}
          - {name: wait, in: query, schema: {type: number}}
        summary: A task's log (whole, ranged, or followed)
        security: [{}, {bearer: []}]
        responses: {'200': {$ref: '#/components/responses/Log'}, '206': {$ref: '#/components/responses/Log'}}
        """#,
        "GET /api/jobs/{id}/artifacts": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: The job's artifacts
        security: [{}, {bearer: []}]
        responses:
          '200':
            description: artifacts
            content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Artifact'}}}}
        """#,
        "GET /api/jobs/{id}/artifacts/{name}": #"""
        parameters: [{$ref: '#/components/parameters/id'}, {$ref: '#/components/parameters/name'}]
        summary: Download an artifact, whole or one range of bytes (Range header; 206 with Content-Range, 416 when outside it)
        security: [{}, {bearer: []}]
        responses: {'200': {description: the file, content: {application/octet-stream: {schema: {type: string, format: binary}}}}, '206': {description: the range asked for, content: {application/octet-stream: {schema: {type: string, format: binary}}}}, '416': {$ref: '#/components/responses/Error'}}
        """#,
        "POST /api/job-group": #"""
        summary: Group jobs submitted with execute false; group triggers fire when all ended
        requestBody:
          required: true
          content:
            application/json:
              schema:
                type: object
                required: [jobs]
                properties:
                  jobs: {type: array, items: {type: integer, format: int64}}
                  note: {type: string}
                  triggers: {type: array, items: {$ref: '#/components/schemas/GroupTrigger'}}
                  execute: {type: boolean, default: false, description: 'start the jobs now; else POST /api/job-group/ID/start does'}
        responses: {'200': {description: the group, content: {application/json: {schema: {$ref: '#/components/schemas/JobGroup'}}}}}
        """#,
        "GET /api/job-group/{id}": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: A job group
        responses: {'200': {description: the group, content: {application/json: {schema: {$ref: '#/components/schemas/JobGroup'}}}}}
        """#,
        "POST /api/job-group/{id}/start": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: Queue a group's pending jobs
        responses: {'200': {description: the group, content: {application/json: {schema: {$ref: '#/components/schemas/JobGroup'}}}}}
        """#,
        "POST /api/job-group/{id}/cancel": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: Cancel every job of a group that has not ended
        responses: {'200': {description: the group, content: {application/json: {schema: {$ref: '#/components/schemas/JobGroup'}}}}}
        """#,
        "POST /api/secrets": #"""
        summary: Add a secret (sealed with AES-GCM at once)
        requestBody:
          required: true
          content:
            application/json:
              schema:
                type: object
                required: [name, kind, value]
                properties:
                  name: {type: string}
                  kind: {type: string, enum: [ssh_key, pgp_key, file]}
                  path: {type: string}
                  mode: {type: integer}
                  value: {type: string, format: byte}
        responses: {'200': {description: the secret, content: {application/json: {schema: {$ref: '#/components/schemas/Secret'}}}}, '409': {$ref: '#/components/responses/Error'}}
        """#,
        "GET /api/secrets": #"""
        summary: Your secrets, never their values
        responses: {'200': {description: secrets, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Secret'}}}}}}
        """#,
        "POST /api/runner/register": #"""
        summary: (runner token) Declare capacity
        requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Capacity'}}}}
        responses: {'204': {description: registered}}
        """#,
        "POST /api/runner/take": #"""
        parameters: [{name: wait, in: query, schema: {type: number, default: 30, maximum: 300}}]
        summary: (runner token) Long-poll for a job this runner can run; answered the moment one arrives
        responses:
          '200': {description: a job under lease, content: {application/json: {schema: {$ref: '#/components/schemas/Assignment'}}}}
          '204': {description: no job within wait}
        """#,
        "POST /api/runner/jobs/{id}/heartbeat": #"""
        parameters:
          - {$ref: '#/components/parameters/id'}
          - {name: wait, in: query, schema: {type: number, default: 0, maximum: 60}, description: hold the answer until a cancel or this many seconds}
        summary: (runner token) Extend the lease; the answer says whether to cancel
        responses:
          '200': {description: lease extended, content: {application/json: {schema: {$ref: '#/components/schemas/Heartbeat'}}}}
          '410': {$ref: '#/components/responses/Error'}
        """#,
        "POST /api/runner/jobs/{id}/log": #"""
        parameters:
          - {$ref: '#/components/parameters/id'}
          - {name: task, in: query, schema: {type: string}, description: absent for the setup log}
        summary: (runner token) Append a log chunk (stored durably before the answer)
        requestBody: {required: true, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
        responses: {'200': {description: the log's new length}}
        """#,
        "POST /api/runner/jobs/{id}/tasks/{task}": #"""
        parameters: [{$ref: '#/components/parameters/id'}, {$ref: '#/components/parameters/task'}]
        summary: (runner token) A task's new status
        requestBody:
          required: true
          content: {application/json: {schema: {type: object, properties: {status: {$ref: '#/components/schemas/TaskStatus'}}}}}
        responses: {'200': {$ref: '#/components/responses/Job'}}
        """#,
        "POST /api/runner/jobs/{id}/status": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: (runner token) The job's final status
        requestBody:
          required: true
          content:
            application/json:
              schema: {type: object, properties: {status: {$ref: '#/components/schemas/JobStatus'}, reason: {type: string}}}
        responses: {'200': {$ref: '#/components/responses/Job'}}
        """#,
        "POST /api/runner/jobs/{id}/release": #"""
        parameters: [{$ref: '#/components/parameters/id'}]
        summary: (runner token) Hand a job back to the queue (a draining runner whose job outlasted --drain-timeout); 410 when the runner does not hold it
        responses: {'200': {$ref: '#/components/responses/Job'}, '410': {$ref: '#/components/responses/Error'}}
        """#,
        "PUT /api/runner/jobs/{id}/artifacts/{name}": #"""
        parameters: [{$ref: '#/components/parameters/id'}, {$ref: '#/components/parameters/name'}]
        summary: (runner token) Upload an artifact, streamed into the store (the data directory, or PostgreSQL in chunks; 413 naming the limit when too large, nothing kept)
        requestBody: {required: true, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
        responses: {'200': {description: stored, content: {application/json: {schema: {$ref: '#/components/schemas/Artifact'}}}}, '413': {$ref: '#/components/responses/Error'}}
        """#,
        "GET /api/schedules": #"""
        summary: Your schedules, with each one's last and next tick
        responses: {'200': {description: schedules, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Schedule'}}}}}}
        """#,
        "POST /api/schedules": #"""
        summary: Add a schedule; the server submits its manifests as one job group at each tick, once even with several servers, and after downtime only the last missed tick, saying so in the note
        description: Each manifest is checked as a submission is (400 with its line:column diagnostics, named manifest N); a bad cron expression is a 400 naming the field that is wrong.
        requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/ScheduleRequest'}}}}
        responses: {'200': {description: the schedule, content: {application/json: {schema: {$ref: '#/components/schemas/Schedule'}}}}, '409': {$ref: '#/components/responses/Error'}}
        """#,
        "DELETE /api/schedules/{name}": #"""
        summary: Remove one of your schedules
        parameters: [{$ref: '#/components/parameters/name'}]
        responses: {'204': {description: removed}, '404': {$ref: '#/components/responses/Error'}}
        """#,
        "GET /api/repos": #"""
        summary: Your registered forge repositories (never their secrets or tokens), each with the webhook URL to give its forge
        responses: {'200': {description: repositories, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Repository'}}}}}}
        """#,
        "POST /api/repos": #"""
        summary: Register a forge repository; its webhooks then build its pushes and pull requests for you, and with an API URL and token hck sets its commits' statuses
        description: The secret and token are sealed with the server's secrets key. A bad field is a 400 naming it.
        requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/RepositoryRequest'}}}}
        responses: {'200': {description: the repository, content: {application/json: {schema: {$ref: '#/components/schemas/Repository'}}}}, '409': {$ref: '#/components/responses/Error'}}
        """#,
        "DELETE /api/repos/{name}": #"""
        summary: Remove one of your repositories (its builds stay; its webhooks get 404 from then on)
        parameters: [{$ref: '#/components/parameters/name'}]
        responses: {'204': {description: removed}, '404': {$ref: '#/components/responses/Error'}}
        """#,
        "POST /api/forges/{forge}": #"""
        summary: A forge's webhook delivery (forge gitea for Gitea and Forgejo, github, gitlab), proven by the signature of a registered repository's secret instead of a token
        description: "Gitea: X-Gitea-Signature, GitHub: X-Hub-Signature-256 (HMAC-SHA256 of the body), GitLab: X-Gitlab-Token. A push fetches its commit from the registered clone URL and submits .build.yml and .builds/*.yml as one job group of the repository's owner; a pull request does the same at its head (from a fork: without secrets, and held for approval unless the repository says run). 401: no registered secret signs it; 404: no repository registered with the payload's clone URL, or not a forge hck knows; 422: a manifest or submission refused; 502: the commit could not be fetched."
        security: [{}]
        parameters: [{name: forge, in: path, required: true, schema: {type: string}}]
        requestBody: {required: true, content: {application/json: {schema: {type: object}}}}
        responses: {'200': {description: what each repository built or why nothing, content: {application/json: {schema: {$ref: '#/components/schemas/ForgeDeliveryReply'}}}}, '401': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '422': {$ref: '#/components/responses/Error'}, '502': {$ref: '#/components/responses/Error'}}
        """#,
        "GET /api/runners": #"""
        summary: The registered runners, what they offer and run, and which are lost
        security: [{}]
        responses: {'200': {description: runners by name, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Runner'}}}}}}
        """#,
        "GET /metrics": #"""
        summary: Prometheus metrics
        description: "Counters hck_jobs_submitted_total, hck_jobs_dispatched_total, hck_jobs_finished_total, hck_triggers_delivered_total, hck_triggers_failed_total, hck_pruned_bytes_total{kind}; gauges hck_jobs{status}, hck_runners, hck_stored_bytes{kind}; histograms hck_dispatch_latency_seconds, hck_job_duration_seconds{status}, hck_log_append_bytes, hck_log_append_seconds. Counts are this server's since it started."
        security: [{}]
        responses: {'200': {description: text exposition format, content: {text/plain: {schema: {type: string}}}}}
        """#,
        "GET /api/webhook-key": #"""
        summary: The Ed25519 public key (base64) that webhook deliveries are signed with
        description: Each delivery carries X-Payload-Signature, the base64 Ed25519 signature of the body followed by X-Payload-Nonce, as builds.sr.ht signs.
        security: [{}]
        responses: {'200': {description: the key, content: {text/plain: {schema: {type: string}}}}}
        """#,
        "GET /api/openapi.yaml": #"""
        summary: This document
        security: [{}]
        responses: {'200': {description: OpenAPI 3.0, content: {application/yaml: {schema: {type: string}}}}}
        """#,
        "GET /api/keys": #"""
        summary: Your SSH public keys (they open your kept VMs through runners' SSH gateways)
        responses: {'200': {description: keys, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/SSHKey'}}}}}}
        """#,
        "POST /api/keys": #"""
        summary: Add an SSH public key (Ed25519 or ECDSA; 400 says why another kind is refused)
        requestBody:
          required: true
          content: {application/json: {schema: {type: object, required: [key], properties: {key: {type: string}}}}}
        responses: {'200': {description: the key, content: {application/json: {schema: {$ref: '#/components/schemas/SSHKey'}}}}, '400': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}}
        """#,
        "DELETE /api/keys/{id}": #"""
        summary: Remove one of your SSH keys
        parameters: [{$ref: '#/components/parameters/id'}]
        responses: {'204': {description: removed}, '404': {$ref: '#/components/responses/Error'}}
        """#,
        "GET /api/jobs/{id}/ssh": #"""
        summary: Where your job's kept VM is reached (ssh -t -p PORT connect@HOST ID), waiting for it up to wait seconds
        parameters:
          - {$ref: '#/components/parameters/id'}
          - {name: wait, in: query, schema: {type: number, default: 0, maximum: 300}}
        responses: {'200': {description: the kept VM, content: {application/json: {schema: {$ref: '#/components/schemas/KeptVM'}}}}, '404': {$ref: '#/components/responses/Error'}}
        """#,
        "POST /api/jobs/{id}/claim": #"""
        summary: Keep your job's VM until the job's deadline instead of the runner's short keep
        parameters: [{$ref: '#/components/parameters/id'}]
        responses: {'200': {description: the kept VM, content: {application/json: {schema: {$ref: '#/components/schemas/KeptVM'}}}}, '409': {$ref: '#/components/responses/Error'}}
        """#,
        "POST /api/runner/jobs/{id}/access": #"""
        summary: (runner token) May the owner of this SSH key enter the job's VM? The answer says why not in words
        parameters: [{$ref: '#/components/parameters/id'}]
        requestBody:
          required: true
          content: {application/json: {schema: {type: object, required: [key], properties: {key: {type: string}}}}}
        responses: {'200': {description: the decision, content: {application/json: {schema: {$ref: '#/components/schemas/AccessDecision'}}}}}
        """#,
        "POST /api/runner/jobs/{id}/kept": #"""
        summary: (runner token) The job's VM is kept for SSH, reachable so
        parameters: [{$ref: '#/components/parameters/id'}]
        requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/KeptVM'}}}}
        responses: {'204': {description: recorded}, '410': {$ref: '#/components/responses/Error'}}
        """#,
        "DELETE /api/runner/jobs/{id}/kept": #"""
        summary: (runner token) The job's VM is no longer kept
        parameters: [{$ref: '#/components/parameters/id'}]
        responses: {'204': {description: recorded}}
        """#,
        "POST /api/runner/jobs/{id}/claim": #"""
        summary: (runner token) Whether the owner claimed the kept VM, waiting up to wait seconds for a claim
        parameters:
          - {$ref: '#/components/parameters/id'}
          - {name: wait, in: query, schema: {type: number, default: 0, maximum: 60}}
        responses: {'200': {description: the claim, content: {application/json: {schema: {$ref: '#/components/schemas/ClaimState'}}}}}
        """#,
    ]
}
