/// NVIDIA's Audio2Face-3D gRPC API beside the WebSocket API (YAML section `grpc`): whether it runs and
/// where it listens. Its streams share the WebSocket's limits, keys and idle timeout.
public struct GRPCConfig: ConfigSection, Sendable, Equatable {
    /// Serve the gRPC API.
    public var enabled = true
    /// Interface to bind (`0.0.0.0` in containers).
    public var host = "127.0.0.1"
    /// TCP port (NVIDIA's Audio2Face-3D default, 52000); 0 picks a free port.
    public var port = 52_000
    /// The postprocessing profile of every gRPC stream (NVIDIA's clients name no profile); its output
    /// must be ARKit channels, which are sent under NVIDIA's names.
    public var profile = "arkit-default"

    /// The defaults: on, 127.0.0.1:52000.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("enabled", \.enabled),
            ConfigField("host", \.host, .notEmpty("name an interface such as 127.0.0.1 or 0.0.0.0")),
            ConfigField("port", \.port, .range(0...65_535)),
            ConfigField("profile", \.profile, .notEmpty("name an ARKit profile of postprocess.profiles")),
        ]
    }
}
