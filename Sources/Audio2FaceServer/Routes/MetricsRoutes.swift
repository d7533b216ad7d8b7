import Hummingbird

/// `GET /metrics`: the service's metrics in the Prometheus text format (behind the API key when auth
/// is on; Prometheus sends it with `authorization: {credentials: …}`).
struct MetricsRoutes<Context: RequestContext>: Sendable {
    let metrics: ServiceMetrics

    func register(on router: Router<Context>) {
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
    }
}
