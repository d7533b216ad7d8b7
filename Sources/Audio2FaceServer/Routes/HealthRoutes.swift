import Hummingbird

/// `GET /health` (the process is up) and `GET /ready` (200 only while the engine is warm and the
/// service is not draining; 503 with WARMING UP, FAILED or DRAINING otherwise).
struct HealthRoutes<Context: RequestContext>: Sendable {
    let readiness: Readiness

    func register(on router: Router<Context>) {
        router.get("/health") { _, _ in "OK" }
        router.get("/ready") { _, _ -> Response in
            let phase = readiness.phase
            return Response(
                status: phase == .ready ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: phase.label)))
        }
    }
}
