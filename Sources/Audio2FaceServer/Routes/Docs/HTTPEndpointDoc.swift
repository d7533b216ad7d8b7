import Hummingbird

/// One documented HTTP endpoint: what `/docs` shows about it and what `/openapi.json` describes.
struct HTTPEndpointDoc: Sendable {
    /// A path or query parameter.
    struct Parameter: Sendable {
        enum Location: String, Sendable {
            case path, query
        }

        var name: String
        var location: Location
        var summary: String
        /// JSON Schema type: `integer` or `string`.
        var type: String
        var minimum: Int?
        var maximum: Int?
        var required: Bool { location == .path }
    }

    /// One possible answer.
    struct Reply: Sendable {
        var status: Int
        var summary: String
        /// Media type of the body; nil for an answer without one.
        var contentType: String?
        /// Response headers worth naming (`Location`, `Content-Disposition`), with what they carry.
        var headers: [(name: String, summary: String)] = []
    }

    /// Where the endpoint belongs on the page and in the OpenAPI tags.
    enum Group: String, CaseIterable, Sendable {
        case streaming = "Streaming"
        case service = "Service information"
        case operations = "Health and monitoring"
        case logs = "Logs"
        case demo = "Demo"
        case documentation = "Documentation"
    }

    var method: String
    /// The path as the router spells it, parameters in braces (`/tail_log/{n}`).
    var path: String
    var group: Group
    var summary: String
    /// A paragraph or two of plain text.
    var details: String
    var parameters: [Parameter] = []
    var replies: [Reply]
    /// An alias kept for old clients.
    var deprecated = false
    /// The WebSocket upgrade: documented, but answered before the router (``StreamingUpgrade``).
    var isWebSocketUpgrade = false

    /// `GET /docs`, the form the route list and the tests use.
    var route: String { "\(method) \(path)" }

    /// Whether the endpoint answers without an API key when auth is on.
    var isOpen: Bool { APIKeyMiddleware<BasicRequestContext>.openPaths.contains(path) }
}
