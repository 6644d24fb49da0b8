import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Store
import Wire

extension WebPages {
    /// `GET/POST /login` (sign in with an API token) and `POST /logout`.
    func addSessionRoutes(to router: Router<APIRequestContext>) {
        router.get("/login") { request, context -> Response in
            // Login CSRF (a site signing you in as someone else) is refused by a double-submit token:
            // the form's hidden field must match this cookie, which another site can neither read nor set.
            let nonce = Token.generate()
            let view = LoginPageView(csrf: nonce)
            var response = page(
                PageLayout(title: "Sign in", viewer: try await viewer(request, context)).render(view.render())
            )
            response.setCookie(loginCookie(nonce, maxAge: 3600))
            return response
        }
        router.post("/login") { request, context -> Response in
            let form = try await Self.form(LoginForm.self, from: request, context: context)
            guard let nonce = request.cookies[Self.loginCookieName]?.value, Self.constantTimeEqual(nonce, form.csrf)
            else {
                throw WebError(
                    .forbidden,
                    "This sign-in form is stale or came from another site: open /login and try again."
                )
            }
            let tokenHash = Token.hash(form.token.trimmingCharacters(in: .whitespacesAndNewlines))
            let user = try await store.user(tokenHash: tokenHash)
            let refusal: String? =
                if let user, user.role == .user, let job = user.jobID {
                    "That is the OAUTH2_TOKEN of job \(job): it works with the API while the job runs, but a job's token does not sign in here."
                } else if user?.role != .user {
                    "That token is not a user's token. Make one with `hck admin create-user NAME`."
                } else {
                    nil
                }
            guard let user, refusal == nil else {
                let view = LoginPageView(csrf: nonce, error: refusal)
                return page(PageLayout(title: "Sign in").render(view.render()), status: .unauthorized)
            }
            let session = try await sessions.open(tokenHash: tokenHash)
            var response = redirect(to: "/~\(user.name.urlComponentEncoded)")
            response.setCookie(
                Cookie(
                    name: WebSessions.cookieName,
                    value: session,
                    maxAge: Int(sessions.lifetime),
                    path: "/",
                    secure: secureCookies,
                    httpOnly: true,
                    sameSite: .lax
                )
            )
            response.setCookie(loginCookie("", maxAge: 0))
            return response
        }
        router.post("/logout") { request, context -> Response in
            let (id, _) = try await session(request, context: context)
            try await sessions.close(id)
            var response = redirect(to: "/")
            response.setCookie(
                Cookie(
                    name: WebSessions.cookieName,
                    value: "",
                    maxAge: 0,
                    path: "/",
                    secure: secureCookies,
                    httpOnly: true,
                    sameSite: .lax
                )
            )
            return response
        }
    }

    static let loginCookieName = "hck_login"

    func loginCookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: Self.loginCookieName,
            value: value,
            maxAge: maxAge,
            path: "/login",
            secure: secureCookies,
            httpOnly: true,
            sameSite: .strict
        )
    }

    /// Whether cookies get `Secure`: when the public URL is https, browsers must never send them in clear.
    var secureCookies: Bool { environment.baseURL.lowercased().hasPrefix("https://") }

    /// The browser session of a form post, after checking the form's CSRF token; 403 otherwise.
    func session(_ request: Request, context: APIRequestContext) async throws -> (id: String, user: String) {
        let form = try await Self.form(CSRFForm.self, from: request, context: context)
        return try await session(request, csrf: form.csrf)
    }

    /// The session of a form post whose body was read already, checked against the form's `csrf`.
    func session(_ request: Request, csrf: String) async throws -> (id: String, user: String) {
        guard let cookie = request.cookies[WebSessions.cookieName],
            let session = try await sessions.session(cookie.value)
        else {
            throw WebError(.forbidden, "You are not signed in (or your session ended): sign in and try again.")
        }
        guard Self.constantTimeEqual(csrf, session.csrf) else {
            throw WebError(
                .forbidden,
                "This form is stale or came from another site (CSRF token mismatch): reload the page and try again."
            )
        }
        return (cookie.value, session.user)
    }

    /// A URL-encoded form body (at most `limit` bytes, 64 KiB unless said).
    static func form<T: Decodable>(
        _ type: T.Type,
        from request: Request,
        context: APIRequestContext,
        limit: Int = 64 * 1024
    ) async throws -> T {
        let body = try await request.body.collect(upTo: limit)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: body))
        } catch {
            throw WebError(.badRequest, "The form is incomplete or malformed: \(error)")
        }
    }

    /// Whether two tokens are the same non-empty text, compared in constant time.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        !a.isEmpty && a.utf8.equalsInConstantTime(b.utf8)
    }
}

struct LoginForm: Decodable {
    var token: String
    var csrf: String
}

struct CSRFForm: Decodable {
    var csrf: String
}

/// The sign-in form.
struct LoginPageView {
    var csrf: String
    var error: String?

    func render() -> HTML {
        let message: HTML = error.map { "<p class=\"error\">\($0)</p>" } ?? ""
        return """
            <h1>Sign in</h1>
            \(message)
            <form class="login" method="post" action="/login">
            <input type="hidden" name="csrf" value="\(csrf)">
            <label>API token <input type="password" name="token" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button>
            </form>
            <p class="hint">Your token is the one <code>hck</code> uses (<code>HCK_TOKEN</code>). The session cookie is HttpOnly and SameSite=Lax; the server keeps only its hash.</p>
            """
    }
}
