import GRPCCore
import NvidiaA2FProtocol
import SwiftProtobuf

/// The standard `grpc.health.v1.Health/Check`: SERVING once the engine is warm, NOT_SERVING while it
/// warms up, after a failed warm-up and while draining. Answers for the whole server (empty name) and
/// for the Audio2Face service; other names are NOT_FOUND, as the health protocol asks.
struct GRPCHealthCheck: GRPCHealthService.SimpleServiceProtocol {
    let readiness: Readiness

    /// The service names this server reports on.
    static let knownServices: Set<String> = ["", NvidiaA2FControllerService.descriptor.fullyQualifiedService]

    func check(
        request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard Self.knownServices.contains(request.service) else {
            throw RPCError(
                code: .notFound,
                message: "unknown service \"\(request.service)\"; ask for \"\" (the server) or "
                    + "\"\(NvidiaA2FControllerService.descriptor.fullyQualifiedService)\"")
        }
        return .with { $0.status = readiness.isReady ? .serving : .notServing }
    }
}
