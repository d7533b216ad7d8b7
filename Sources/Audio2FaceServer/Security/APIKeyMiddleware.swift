import Hummingbird

/// Lets a request through only with a valid API key: `Authorization: Bearer <key>`, or `?token=<key>`
/// where allowed (browsers cannot set headers on a WebSocket). Anything else is answered 401 before
/// any handler runs, so a WebSocket is never upgraded without a key. Health and readiness probes stay
/// open. The key is never logged.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: APIKeyStore
    let allowQueryToken: Bool
    /// Paths served without a key (load balancer and orchestrator probes).
    static var openPaths: Set<String> { ["/health", "/ready"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if Self.openPaths.contains(request.uri.path) || request.method == .options {
            return try await next(request, context)
        }
        try verify(request)
        return try await next(request, context)
    }

    /// Throws 401 unless `request` carries a valid key.
    func verify(_ request: Request) throws {
        guard let key = presentedKey(request), keys.accepts(key) else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                message: "a valid API key is required: send 'Authorization: Bearer <key>'"
                    + (allowQueryToken ? " or '?token=<key>'" : ""))
        }
    }

    private func presentedKey(_ request: Request) -> Substring? {
        if let header = request.headers[.authorization] {
            let prefix = "Bearer "
            guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix.lowercased() else {
                return nil
            }
            return header.dropFirst(prefix.count)
        }
        guard allowQueryToken else { return nil }
        return request.uri.queryParameters["token"]
    }
}
