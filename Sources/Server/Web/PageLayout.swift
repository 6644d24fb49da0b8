import HckCore
import Store
import Wire

/// The frame every page shares: head (viewport, stylesheet), the top bar with sign-in state, and main.
struct PageLayout {
    /// The page's title.
    var title: String
    /// Who is signed in, with the session's CSRF token for the sign-out form.
    var viewer: WebViewer?
    /// Whether the page loads the live-update script.
    var live = false

    /// The whole document around `body`.
    func render(_ body: HTML) -> HTML {
        let account: HTML
        if let viewer {
            let submit: HTML = viewer.csrf.isEmpty ? "" : "<a href=\"/submit\">Submit</a>"
            account = """
                \(submit)<a href="/~\(viewer.name.urlComponentEncoded)">~\(viewer.name)</a>
                <form method="post" action="/logout" class="inline">\(viewer.csrfField)<button type="submit">Sign out</button></form>
                """
        } else {
            account = "<a href=\"/login\">Sign in</a>"
        }
        let script: HTML = live ? "<script src=\"/static/live.js\" defer></script>" : ""
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · hck</title>
            <link rel="stylesheet" href="/static/hck.css">
            \(script)
            </head>
            <body>
            <header class="top"><a class="brand" href="/">hck</a><nav>\(account)</nav></header>
            <main>
            \(body)
            </main>
            </body>
            </html>
            """
    }
}

/// A signed-in user as pages see them.
struct WebViewer: Sendable {
    /// The user's name.
    var name: String
    /// The session's token against cross-site form posts.
    var csrf: String

    /// The hidden form field carrying the CSRF token.
    var csrfField: HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">"
    }
}
