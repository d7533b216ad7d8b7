import Audio2Face
import Audio2FaceClient

/// The WebSocket streaming protocol as `/docs` explains it: the six messages with their fields, and which
/// ending closes a stream with which code. The codes are not written here: each row names an ending and
/// asks ``WebSocketCloseTable`` for its code, so the page cannot disagree with the server.
enum StreamingProtocolDoc {
    /// A protobuf field of a message.
    struct Field: Sendable {
        var name: String
        var number: Int
        var type: String
        var meaning: String
    }

    /// One of the six messages.
    struct Message: Sendable {
        enum Direction: String, Sendable {
            case clientToServer = "client → server"
            case serverToClient = "server → client"
        }

        var className: String
        var direction: Direction
        var summary: String
        var fields: [Field]
    }

    /// A situation that ends a stream, with the close code the table gives it.
    struct Closing: Sendable {
        var code: String
        var situation: String
    }

    /// Every client message is an `Audio2FaceBlendshapeV1Request`, every server message an
    /// `Audio2FaceBlendshapeV1Response` (package `audio2face_blendshape_v1`); `class_name` tells them apart.
    static func messages(_ facts: ServiceFacts) -> [Message] {
        let rates = PCMFormat.supportedSampleRates
        let widths = PCMFormat.supportedSampleWidths.map(String.init).joined(separator: ", ")
        let channels = PCMFormat.supportedChannelCounts
        let className = { (name: String) in Field(name: "class_name", number: 1, type: "string", meaning: "\"\(name)\"")
        }
        return [
            Message(
                className: WireClassName.chunkStart, direction: .clientToServer,
                summary: "Opens the stream; must be the first message.",
                fields: [
                    className(WireClassName.chunkStart),
                    Field(
                        name: "request_id", number: 2, type: "string",
                        meaning: "Your name for the stream, echoed in the server's logs."),
                    Field(
                        name: "sample_rate", number: 3, type: "int32",
                        meaning: "Samples per second per channel, \(rates.lowerBound)–\(rates.upperBound)."),
                    Field(
                        name: "sample_width", number: 4, type: "int32",
                        meaning: "Bytes per sample: \(widths) (1 = unsigned 8-bit, 2 and 4 = signed little-endian)."),
                    Field(
                        name: "n_channels", number: 5, type: "int32",
                        meaning:
                            "Interleaved channels, \(channels.lowerBound)–\(channels.upperBound); they are mixed to mono."
                    ),
                    Field(
                        name: "profile_name", number: 6, type: "string",
                        meaning:
                            "Postprocessing profile (see Profiles); empty or unknown gives \(facts.info.defaultProfile)."
                    ),
                    Field(
                        name: "response_chunk_n_frames", number: 8, type: "int32",
                        meaning: "Frames per response body, 1–\(facts.maxResponseChunkFrames); 0 = the server's "
                            + "\(facts.responseChunkFrames)."),
                ]),
            Message(
                className: WireClassName.chunkBody, direction: .clientToServer,
                summary: "Audio; send as many as you like, in any sizes up to the message limit.",
                fields: [
                    className(WireClassName.chunkBody),
                    Field(
                        name: "pcm_bytes", number: 9, type: "bytes",
                        meaning: "Interleaved samples in the format the start announced."),
                    Field(
                        name: "offset_name", number: 7, type: "string",
                        meaning: "Emotion preset from here on (such as happiness_2); empty leaves it unchanged."),
                ]),
            Message(
                className: WireClassName.chunkEnd, direction: .clientToServer,
                summary: "No more audio: the server answers the rest and closes with 1000.",
                fields: [className(WireClassName.chunkEnd)]),
            Message(
                className: WireClassName.responseStart, direction: .serverToClient,
                summary: "Sent once, before any frames.",
                fields: [
                    className(WireClassName.responseStart),
                    Field(
                        name: "blendshape_names", number: 2, type: "repeated string",
                        meaning: "The channels of every frame, in order (the profile's output)."),
                    Field(
                        name: "dtype", number: 3, type: "string",
                        meaning: "Element type of the frame data: \(facts.dtype) on this server (float16 or float32)."),
                ]),
            Message(
                className: WireClassName.responseBody, direction: .serverToClient,
                summary:
                    "A run of frames at \(formatted(facts.framesPerSecond)) frames per second; frame k shows the audio at k / \(formatted(facts.framesPerSecond)) s.",
                fields: [
                    className(WireClassName.responseBody),
                    Field(
                        name: "data", number: 4, type: "bytes",
                        meaning: "Frames × channels values, row-major, little-endian dtype."),
                ]),
            Message(
                className: WireClassName.responseEnd, direction: .serverToClient,
                summary: "Every frame of the audio has been sent; the server then closes with 1000.",
                fields: [className(WireClassName.responseEnd)]),
        ]
    }

    /// The endings a client can meet, each with the code ``WebSocketCloseTable`` sends for it.
    static var closings: [Closing] {
        let rows: [(StreamEnding, String)] = [
            (.ran(.completed), "The stream completed: every frame was sent after the client's end."),
            (
                .ran(.failed(.protocolViolation(""))),
                "Protocol violation: a text message, not a request protobuf, an unknown class_name, or messages out of order."
            ),
            (
                .ran(.failed(.unsupportedFormat(.unsupportedSampleRate(0)))),
                "The start's audio format is not supported."
            ),
            (.ran(.failed(.limitExceeded(""))), "A stream limit was passed, such as the longest stream."),
            (.ran(.failed(.idleTimeout(seconds: 0))), "The client sent nothing for too long."),
            (.ran(.failed(.clientNotReading(seconds: 0))), "The client stopped reading the frames."),
            (
                .ran(.failed(.framingViolation(""))),
                "Broken WebSocket framing: unmasked or reserved frames, bad fragmentation."
            ),
            (.ran(.failed(.messageTooLarge(""))), "A message larger than the message limit."),
            (.ran(.failed(.inferenceFailed(""))), "The engine or postprocessing failed on this stream."),
            (.unavailable(.warmUpFailed("")), "The engine could not warm up."),
            (.refused(.serverFull(limit: 0)), "The server runs its maximum number of streams: try again later."),
            (.refused(.clientFull(limit: 0)), "Your address runs its maximum number of streams: try again later."),
            (.refused(.shuttingDown), "The server is shutting down: reconnect to another instance."),
            (.drainTimeout, "The server shut down before the stream finished."),
        ]
        return rows.map { Closing(code: WebSocketCloseTable.closeCodeLabel(for: $0.0), situation: $0.1) }
    }

    /// `30` for whole numbers, `29.97` otherwise.
    static func formatted(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
