import Hummingbird

/// `GET /docs` (the API described for people: ``DocsPage``), `GET /openapi.json` (the HTTP endpoints for
/// tools: ``OpenAPIDocument``), and `GET /` redirecting to `/docs`. Both documents describe
/// ``HTTPEndpointCatalog`` with the values this server runs with, and are built once at start-up.
struct DocsRoutes<Context: RequestContext>: Sendable {
    let page: ByteBuffer
    let openAPI: ByteBuffer

    init(facts: ServiceFacts, endpoints: [HTTPEndpointDoc] = HTTPEndpointCatalog.endpoints) {
        page = ByteBuffer(string: DocsPage(facts: facts, endpoints: endpoints).render())
        openAPI = ByteBuffer(bytes: OpenAPIDocument(facts: facts, endpoints: endpoints).encoded())
    }

    func register(on router: Router<Context>) {
        // A `?token=` given to `/` goes on to the page, whose links need it too.
        router.get("/") { request, _ in
            Response.redirect(to: "/docs" + (request.uri.query.map { "?\($0)" } ?? ""))
        }
        let page = page
        router.get("/docs") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: page))
        }
        let openAPI = openAPI
        router.get("/openapi.json") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: openAPI))
        }
    }
}
