/// The API a stream arrived on; metrics carry it as their `transport` label.
public enum StreamTransport: String, Sendable, CaseIterable {
    /// The seed's WebSocket protocol.
    case websocket
    /// NVIDIA's Audio2Face-3D gRPC API.
    case grpc
}
