import HTTPTypes
import HckCore
import Hummingbird
import Store
import Wire

/// The stylesheet and the live-update script, compiled in (no files to install next to the binary).
enum StaticAssets {}

extension WebPages {
    /// `GET /static/hck.css` and `GET /static/live.js`, cacheable for an hour.
    func addStaticRoutes(to router: Router<APIRequestContext>) {
        router.get("/static/hck.css") { _, _ -> Response in
            Self.asset(StaticAssets.stylesheet, type: "text/css; charset=utf-8")
        }
        router.get("/static/live.js") { _, _ -> Response in
            Self.asset(StaticAssets.script, type: "text/javascript; charset=utf-8")
        }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
