import Audio2Face
import Logging
import ServiceLifecycle

/// Warms the engine up once the server runs, then marks the service ready. A failed warm-up stops the
/// service with the engine's error, so a broken model never serves.
struct WarmUpService: Service {
    let engine: any FaceEngine
    let readiness: Readiness
    let logger: Logger

    func run() async throws {
        let clock = ContinuousClock()
        let began = clock.now
        do {
            try await engine.warmUp()
        } catch {
            readiness.markFailed("\(error)")
            throw error
        }
        readiness.markReady()
        logger.info(
            "engine ready",
            metadata: [
                "engine.kind": .string(engine.kind),
                "warmup.ms": .stringConvertible((clock.now - began).milliseconds),
            ])
        try? await gracefulShutdown()
    }
}
