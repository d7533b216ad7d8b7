import Audio2FaceTypes
import Logging
import NIOWebSocket
import Synchronization
import WSClient

extension StreamClient.Options {
    /// Sets `chunkBytes` to `milliseconds` of `format`'s audio (at least one whole frame).
    public mutating func setChunk(milliseconds: Double, of format: PCMFormat) {
        chunkBytes = max(1, Int(milliseconds / 1_000 * Double(format.sampleRate))) * format.bytesPerFrame
    }
}

extension StreamClient {
    /// What one stream over a real connection produced: the report (nil when the connection failed
    /// before the client finished) and the server's close frame.
    public struct ConnectionResult: Sendable {
        /// What came back (nil when the connection failed before the client finished).
        public var report: Report?
        /// The close frame the server sent, if any.
        public var closeFrame: WebSocketCloseFrame?
    }

    /// Connects to `url`, streams `wav` and returns what came back with the close frame.
    public func stream(_ wav: WAVFile, to url: String, logger: Logger) async throws -> ConnectionResult {
        let received = Mutex<Report?>(nil)
        let closeFrame = try await WebSocketClient.connect(
            url: url, configuration: .init(maxFrameSize: 16 << 20), logger: logger
        ) { inbound, outbound, _ in
            let report = try await run(wav, inbound: inbound, outbound: outbound)
            received.withLock { $0 = report }
        }
        return ConnectionResult(report: received.withLock { $0 }, closeFrame: closeFrame)
    }
}
