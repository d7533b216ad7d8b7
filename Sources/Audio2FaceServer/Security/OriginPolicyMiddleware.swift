import Hummingbird

/// Cross-origin policy from an exact allow-list (no wildcard). For an allowed `Origin` it adds the CORS
/// headers and answers preflight requests; a preflight from any other origin gets 403, and with a
/// non-empty list ``verifyUpgrade(_:)`` refuses a WebSocket upgrade from an unlisted origin with 403
/// (browsers do not apply CORS to WebSockets, so the server has to). Requests without `Origin`
/// (non-browser clients) pass unchanged.
struct OriginPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = allowedOrigins.contains(origin)
        if request.method == .options && request.headers[.accessControlRequestMethod] != nil {
            guard allowed else { throw HTTPError(.forbidden, message: "origin \(origin) is not allowed") }
            var headers = corsHeaders(origin: origin)
            headers[.accessControlAllowMethods] = "GET, OPTIONS"
            headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if allowed {
            for field in corsHeaders(origin: origin) { response.headers[field.name] = field.value }
        }
        return response
    }

    /// Throws 403 when a non-empty allow-list does not hold the request's `Origin` (WebSocket upgrades,
    /// where browsers apply no CORS of their own).
    func verifyUpgrade(_ request: Request) throws {
        guard let origin = request.headers[.origin], !allowedOrigins.isEmpty, !allowedOrigins.contains(origin) else {
            return
        }
        throw HTTPError(.forbidden, message: "origin \(origin) is not allowed")
    }

    private func corsHeaders(origin: String) -> HTTPFields {
        [.accessControlAllowOrigin: origin, .vary: "Origin"]
    }
}
