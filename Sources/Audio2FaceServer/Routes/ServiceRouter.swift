import Audio2Face
import Hummingbird

/// The service's HTTP routes on one router, behind its access policy: the single place where routes are
/// registered, so that `buildApplication` serves them and the tests can list them (`Router.routes`)
/// against what `/docs` and `/openapi.json` describe. The WebSocket endpoint is not among them: it is
/// answered on upgrade (``StreamingUpgrade``).
func buildServiceRouter(
    parts: ServiceParts, controls: ServiceControls, logging: ServiceLogging?
) -> Router<BasicRequestContext> {
    let router = Router()
    addAccessPolicy(to: router, parts: parts)
    HealthRoutes(readiness: controls.readiness).register(on: router)
    MetricsRoutes(metrics: controls.metrics).register(on: router)
    LogRoutes(logFile: logging?.logFile).register(on: router)
    DocsRoutes(facts: ServiceFacts(parts: parts, controls: controls)).register(on: router)
    InfoRoutes(info: ServiceInfo(parts: parts)).register(on: router)
    DemoRoutes(parts: parts).register(on: router)
    return router
}

/// Origin policy first (so preflight requests need no key), then the API key check when auth is on.
private func addAccessPolicy<Context: RequestContext>(to router: Router<Context>, parts: ServiceParts) {
    router.add(
        middleware: OriginPolicyMiddleware(allowedOrigins: Set(parts.config.auth.corsAllowedOrigins)))
    if let keys = parts.apiKeys {
        router.add(middleware: APIKeyMiddleware(keys: keys, allowQueryToken: parts.config.auth.allowQueryToken))
    }
}
