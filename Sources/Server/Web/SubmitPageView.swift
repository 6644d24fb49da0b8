import Manifest
import Wire

/// The submit page's form: the manifest, note, tags and visibility, as builds.sr.ht's submit page
/// takes them; filled from a job for "edit and resubmit", or with what was sent when the server
/// refused it, above which the refusal and each manifest diagnostic are shown.
struct SubmitPageView {
    /// What the fields hold.
    struct Fields: Sendable {
        var manifest = ""
        var note = ""
        /// Space-separated.
        var tags = ""
        var visibility = Visibility.unlisted
    }

    var fields: Fields
    var viewer: WebViewer
    /// The job this form resubmits, edited.
    var basedOn: Int64?
    /// Why the server refused what was sent.
    var refusal: String?
    /// The manifest's diagnostics, `file:line:col: error: message` each.
    var diagnostics: [String] = []

    func render() -> HTML {
        let heading: HTML = basedOn.map { "<h1>Edit and resubmit job #\(String($0))</h1>" } ?? "<h1>Submit a build</h1>"
        let refused: HTML = refusal.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        let problems: HTML =
            diagnostics.isEmpty
            ? ""
            : "<pre class=\"diagnostics\">\(diagnostics.joined(separator: "\n"))</pre>"
        let options = HTML.join(
            Visibility.allCases.map { choice -> HTML in
                let selected: HTML = choice == fields.visibility ? " selected" : ""
                return "<option value=\"\(choice.rawValue)\"\(selected)>\(choice.rawValue)</option>"
            }
        )
        return """
            \(heading)
            \(refused)\(problems)
            <form class="submit" method="post" action="/submit">
            \(viewer.csrfField)
            <label for="manifest">Manifest (YAML)</label>
            <textarea id="manifest" name="manifest" rows="20" spellcheck="false" required>\(fields.manifest)</textarea>
            <label>Note <input type="text" name="note" value="\(fields.note)"></label>
            <label>Tags <input type="text" name="tags" value="\(fields.tags)" placeholder="space-separated: letters, digits, _ . -"></label>
            <label>Visibility <select name="visibility">\(options)</select></label>
            <button type="submit">Submit</button>
            </form>
            <p class="hint">The job runs as you, with your secrets. <code>hck submit FILE</code> does the same from a terminal.</p>
            """
    }
}
