/// Runs a whole recording through the same streaming path a WebSocket client uses (session, engine,
/// postprocessing), for the `convert` command and for tests.
public struct OfflineConverter: Sendable {
    /// The shared service environment.
    public let environment: StreamEnvironment

    /// Creates a converter.
    public init(environment: StreamEnvironment) {
        self.environment = environment
    }

    /// Converts `wav` into one clip, feeding it in `chunkSeconds` pieces and reporting the fraction
    /// done after each.
    public func convert(
        _ wav: WAVFile, profileName: String = "", offsetName: String = "", chunkSeconds: Double = 1,
        progress: (Double) -> Void = { _ in }
    ) async throws -> FaceClip {
        var runner = StreamRunner(environment: environment, logger: .init(label: "audio2face.convert"))
        var names: [String] = []
        var result: FaceClip?
        let collect: (ServerMessage) async throws -> Void = { message in
            switch message {
            case .start(let channelNames, _):
                names = channelNames
                result = FaceClip(channelNames: channelNames, values: [])
            case .body(let clip):
                try result?.append(clip)
            case .end:
                break
            }
        }
        let format = wav.format
        let start = StreamStart(
            requestID: "convert", sampleRate: format.sampleRate, sampleWidth: format.sampleWidth,
            channelCount: format.channelCount, profileName: profileName)
        _ = try await runner.handle(.start(start), send: collect)
        let chunkBytes = max(1, Int(chunkSeconds * Double(format.sampleRate))) * format.bytesPerFrame
        var offset = 0
        while offset < wav.pcmBytes.count {
            let end = min(offset + chunkBytes, wav.pcmBytes.count)
            _ = try await runner.handle(
                .body(pcm: Array(wav.pcmBytes[offset..<end]), offsetName: offset == 0 ? offsetName : ""),
                send: collect)
            offset = end
            progress(Double(offset) / Double(max(1, wav.pcmBytes.count)))
        }
        _ = try await runner.handle(.end, send: collect)
        return result ?? FaceClip(channelNames: names, values: [])
    }
}
