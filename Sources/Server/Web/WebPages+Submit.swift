import Foundation
import HckCore
import Hummingbird
import Manifest
import Store
import Wire

extension WebPages {
    /// `GET /submit` (`?from=ID` fills it from a job the viewer may read: edit and resubmit) and
    /// `POST /submit`, CSRF-checked. A refused submission shows the form again with what was sent,
    /// the refusal and every diagnostic; the rules are ``JobService``'s, as for `POST /api/jobs`.
    func addSubmitRoutes(to router: Router<APIRequestContext>) {
        router.get("/submit") { request, context -> Response in
            guard let viewer = try await viewer(request, context), !viewer.csrf.isEmpty else {
                return redirect(to: "/login")
            }
            var fields = SubmitPageView.Fields()
            var basedOn: Int64?
            if let id = try request.integer(query: "from", in: RequestNumber.ids) {
                let job = try await jobs.readable(id, by: viewer.name)
                fields = SubmitPageView.Fields(
                    manifest: job.manifest,
                    note: job.note ?? "",
                    tags: job.tags.joined(separator: " "),
                    visibility: job.visibility
                )
                basedOn = id
            }
            let view = SubmitPageView(fields: fields, viewer: viewer, basedOn: basedOn)
            return page(PageLayout(title: "Submit", viewer: viewer).render(view.render()))
        }
        router.post("/submit") { request, context -> Response in
            // Room for the largest manifest accepted, URL-encoded (up to three bytes for one).
            let form = try await Self.form(
                SubmitForm.self,
                from: request,
                context: context,
                limit: jobs.manifestSizeLimit * 3 + 64 * 1024
            )
            let user = try await owner(request, csrf: form.csrf)
            // Browsers send a textarea's lines ended by CRLF; a task script's lines end with LF.
            let manifest = form.manifest.replacingOccurrences(of: "\r\n", with: "\n")
            let fields = SubmitPageView.Fields(
                manifest: manifest,
                note: form.note ?? "",
                tags: form.tags ?? "",
                visibility: form.visibility.flatMap(Visibility.init(rawValue:)) ?? .unlisted
            )
            let tags = fields.tags.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            let submission = SubmitRequest(
                manifest: manifest,
                note: fields.note.isEmpty ? nil : fields.note,
                tags: tags.isEmpty ? nil : tags,
                visibility: fields.visibility
            )
            do {
                let job = try await jobs.submit(submission, by: user)
                return redirect(to: "/jobs/\(job.id)")
            } catch let error as JobError {
                return refused(fields, error.message, error.diagnostics, viewer: user, request)
            } catch let error as APIError where error.status == .badRequest {
                return refused(fields, error.message, error.diagnostics, viewer: user, request)
            }
        }
    }

    /// The form again, with what was sent and why it was refused (a 400).
    private func refused(
        _ fields: SubmitPageView.Fields,
        _ message: String,
        _ diagnostics: [String]?,
        viewer user: User,
        _ request: Request
    ) -> Response {
        let csrf = request.cookies[WebSessions.cookieName].map { WebSessions.csrf(for: $0.value) } ?? ""
        let viewer = WebViewer(name: user.name, csrf: csrf)
        let view = SubmitPageView(fields: fields, viewer: viewer, refusal: message, diagnostics: diagnostics ?? [])
        return page(PageLayout(title: "Submit", viewer: viewer).render(view.render()), status: .badRequest)
    }
}

/// The submit form's fields.
struct SubmitForm: Decodable {
    var csrf: String
    var manifest: String
    var note: String?
    var tags: String?
    var visibility: String?
}
