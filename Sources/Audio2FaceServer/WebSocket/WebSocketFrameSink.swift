import Audio2Face
import Audio2FaceClient
import HummingbirdWebSocket
import NIOCore

/// Sends a stream's output as the seed protocol's binary protobuf messages, frames packed as `dtype`;
/// each write is reported to the connection's ``ActivityMonitor`` so a client that stops reading is caught.
struct WebSocketFrameSink: FrameSink {
    let outbound: WebSocketOutboundWriter
    let dtype: FrameDataType
    let activity: ActivityMonitor<ContinuousClock>

    func deliver(_ output: StreamOutput) async throws {
        let bytes = WireCodec.encodeServerMessage(output, dtype: dtype)
        activity.beginWrite()
        try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
        activity.endWrite()
    }
}
