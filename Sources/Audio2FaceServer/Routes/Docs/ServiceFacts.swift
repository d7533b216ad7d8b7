import Audio2Face

/// The configured values `/docs` and `/openapi.json` state, read once from the running service's parts:
/// limits, auth, gRPC, stream settings, and the profiles with their presets (as `/api/v1/info` reports
/// them).
struct ServiceFacts: Sendable {
    var maxMessageBytes: Int
    /// The stream limit in force (`limits.max_concurrent_streams`, or the one sized from the cores).
    var maxConcurrentStreams: Int
    var maxConcurrentStreamsIsSized: Bool
    var maxStreamsPerClient: Int
    var maxStreamSeconds: Double
    var maxInputSpeedup: Double
    var inputBurstSeconds: Double
    var requestExpireSeconds: Double
    var idleTimeoutSeconds: Double
    var maxConnectionsPerClient: Int
    var framesPerSecond: Double
    var dtype: String
    var responseChunkFrames: Int
    var maxResponseChunkFrames: Int
    var authEnabled: Bool
    var allowQueryToken: Bool
    var corsAllowedOrigins: [String]
    /// Where NVIDIA's gRPC API listens (`host:port`), nil when it is off.
    var grpcAddress: String?
    var grpcProfile: String
    /// Version, engine, profiles (family, channels, presets), as `/api/v1/info` reports them.
    var info: ServiceInfo

    init(parts: ServiceParts, controls: ServiceControls) {
        let config = parts.config
        maxMessageBytes = config.server.maxMessageBytes
        maxConcurrentStreams = controls.admission.maxStreams
        maxConcurrentStreamsIsSized = config.limits.maxConcurrentStreams == 0
        maxStreamsPerClient = config.limits.maxStreamsPerClient
        maxStreamSeconds = config.limits.maxStreamSeconds
        maxInputSpeedup = config.limits.maxInputSpeedup
        inputBurstSeconds = config.limits.inputBurstSeconds
        requestExpireSeconds = config.streaming.requestExpireSeconds
        idleTimeoutSeconds = config.server.idleTimeoutSeconds
        maxConnectionsPerClient = config.server.maxConnectionsPerClient
        framesPerSecond = config.streaming.framesPerSecond
        dtype = config.streaming.dtype.rawValue
        responseChunkFrames = config.streaming.responseChunkFrames
        maxResponseChunkFrames = config.streaming.maxResponseChunkFrames
        authEnabled = parts.apiKeys != nil
        allowQueryToken = config.auth.allowQueryToken
        corsAllowedOrigins = config.auth.corsAllowedOrigins
        grpcAddress = config.grpc.enabled ? "\(config.grpc.host):\(config.grpc.port)" : nil
        grpcProfile = config.grpc.profile
        info = ServiceInfo(parts: parts)
    }
}
