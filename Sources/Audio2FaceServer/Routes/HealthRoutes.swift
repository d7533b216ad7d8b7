import Hummingbird

/// `GET /health` (the process is up) and `GET /ready` (the engine is warm and streams are accepted).
struct HealthRoutes<Context: RequestContext>: Sendable {
    let readiness: Readiness

    func register(on router: Router<Context>) {
        router.get("/health") { _, _ in "OK" }
        router.get("/ready") { _, _ -> Response in
            let ready = readiness.isReady
            return Response(
                status: ready ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: ready ? "READY" : "WARMING UP")))
        }
    }
}
