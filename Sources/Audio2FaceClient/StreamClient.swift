import Audio2FaceTypes
import Foundation
import NIOCore
import WSCore

/// A client of the streaming protocol: sends one recording in chunks over an open WebSocket and collects
/// every reply with its arrival time. Used by `audio2face stream`, the benchmark and the tests.
public struct StreamClient: Sendable {
    /// How the recording is sent.
    public struct Options: Sendable {
        /// The stream's start request (the format fields are taken from the WAV).
        public var requestID = "client"
        /// Postprocessing profile to ask for.
        public var profileName = ""
        /// Emotion preset sent with the first body.
        public var offsetName = ""
        /// Frames per response body to ask for (0 = server default).
        public var responseChunkFrames = 0
        /// Bytes per body message; rounded down to whole frames unless `allowPartialFrames`.
        public var chunkBytes = 1_280
        /// Keep `chunkBytes` exactly, splitting interleaved frames across messages.
        public var allowPartialFrames = false
        /// Pace chunks at real-time speed (a live microphone) instead of sending as fast as possible.
        public var realtime = false
        /// Called with each reply as it arrives (start, each body's frames, end), before the report has
        /// it: what forwards a stream live (the CLI's `--vmc`, `--livelink`). Must not block.
        public var onOutput: (@Sendable (StreamOutput) -> Void)?

        /// Default options: 1,280-byte chunks (40 ms of 16 kHz 16-bit mono), as fast as possible.
        public init() {}
    }

    /// What came back, with timing.
    public struct Report: Sendable {
        /// Channel names from the start message (nil if none came).
        public var channelNames: [String]?
        /// The dtype the server announced.
        public var dtype: FrameDataType?
        /// Every frame received, in order.
        public var frames: FaceClip?
        /// Frames per body message, in arrival order.
        public var bodyFrameCounts: [Int] = []
        /// Message kinds in arrival order ("start", "body", "end").
        public var messageKinds: [String] = []
        /// For each frame, seconds from the first byte sent to its arrival.
        public var frameArrivalSeconds: [Double] = []
        /// For each chunk, seconds from the first byte sent to the time it was sent, with its end
        /// position in seconds of audio.
        public var chunkSendTimes: [(sentSeconds: Double, audioEndSeconds: Double)] = []
        /// Seconds from the first byte sent to the end message being sent.
        public var endSentSeconds: Double?
        /// Seconds from the first byte sent to the end message arriving.
        public var endReceivedSeconds: Double?

        /// Creates an empty report.
        public init() {}

        /// Seconds from the first byte sent to the first frame received.
        public var firstFrameSeconds: Double? { frameArrivalSeconds.first }

        /// For each frame, how long after its audio was sent it arrived (seconds).
        public func frameLagSeconds(framesPerSecond: Double) -> [Double] {
            // Frames and chunks are both in time order, so one forward walk pairs each frame with the
            // first chunk whose audio reaches past the frame's start.
            var chunkIndex = 0
            var lags: [Double] = []
            lags.reserveCapacity(frameArrivalSeconds.count)
            for (index, arrival) in frameArrivalSeconds.enumerated() {
                let frameTime = Double(index) / framesPerSecond
                while chunkIndex < chunkSendTimes.count && chunkSendTimes[chunkIndex].audioEndSeconds <= frameTime {
                    chunkIndex += 1
                }
                guard chunkIndex < chunkSendTimes.count else { break }
                lags.append(arrival - chunkSendTimes[chunkIndex].sentSeconds)
            }
            return lags
        }
    }

    /// The options in use.
    public let options: Options

    /// Creates a client.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Streams `wav` over `outbound`, reads replies from `inbound` until the end message or the close,
    /// and returns what came back. When the server closes the stream early (a refusal or a failure), the
    /// sender stops and the report holds what arrived; the caller reads the close frame from the socket.
    public func run(
        _ wav: WAVFile, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async throws -> Report {
        let clock = ContinuousClock()
        let began = clock.now
        return try await withThrowingTaskGroup(of: Half.self) { group in
            group.addTask {
                do {
                    return .sent(.success(try await send(wav, outbound: outbound, clock: clock, began: began)))
                } catch {
                    return .sent(.failure(error))
                }
            }
            group.addTask { .received(try await receive(inbound: inbound, clock: clock, began: began)) }
            var timing: Result<SendTiming, any Error>?
            var report: Report?
            while let half = try await group.next() {
                switch half {
                case .sent(let result): timing = result
                case .received(let received):
                    report = received
                    // Without an end message the server closed the stream: nothing more will be read.
                    if received.messageKinds.last != "end" { group.cancelAll() }
                }
            }
            guard var report else { throw CancellationError() }
            switch timing {
            case .success(let sent)?:
                report.chunkSendTimes = sent.chunks
                report.endSentSeconds = sent.endSent
            case .failure(let error)?:
                // A send that failed because the server closed first is part of that close; any other
                // send failure on a stream that completed is the caller's to see.
                if report.messageKinds.last == "end" { throw error }
            case nil:
                break
            }
            return report
        }
    }

    /// When each chunk and the end message went out.
    private typealias SendTiming = (chunks: [(sentSeconds: Double, audioEndSeconds: Double)], endSent: Double?)

    /// The result of one half of a running stream.
    private enum Half: Sendable {
        case sent(Result<SendTiming, any Error>)
        case received(Report)
    }

    private func send(
        _ wav: WAVFile, outbound: WebSocketOutboundWriter, clock: ContinuousClock, began: ContinuousClock.Instant
    ) async throws -> SendTiming {
        let format = wav.format
        func write(_ message: WireClientMessage) async throws {
            try await outbound.write(.binary(ByteBuffer(bytes: WireCodec.encodeClientMessage(message))))
        }
        try await write(
            .start(
                StreamStart(
                    requestID: options.requestID, sampleRate: format.sampleRate, sampleWidth: format.sampleWidth,
                    channelCount: format.channelCount, profileName: options.profileName,
                    responseChunkFrames: options.responseChunkFrames)))
        let schedule = AudioChunkSchedule(
            wav, chunkBytes: options.chunkBytes, allowPartialFrames: options.allowPartialFrames)
        let chunks = try await schedule.send(realTime: options.realtime, clock: clock, began: began) { chunk in
            try await write(.body(pcm: Array(chunk.pcm), offsetName: chunk.index == 0 ? options.offsetName : ""))
        }
        try await write(.end)
        return (chunks, (clock.now - began).seconds)
    }

    private func receive(
        inbound: WebSocketInboundStream, clock: ContinuousClock, began: ContinuousClock.Instant
    ) async throws -> Report {
        var report = Report()
        for try await message in inbound.messages(maxSize: 64 << 20) {
            guard case .binary(let buffer) = message else { continue }
            let decoded = try WireCodec.decodeServerMessage(
                Array(buffer.readableBytesView), channelNames: report.channelNames ?? [],
                dtype: report.dtype ?? .float16, startFrame: report.frames?.frameCount ?? 0)
            let now = (clock.now - began).seconds
            switch decoded {
            case .start(let names, let dtype):
                report.messageKinds.append("start")
                report.channelNames = names
                report.dtype = dtype
                report.frames = FaceClip(channelNames: names, values: [])
                options.onOutput?(.started(channelNames: names))
            case .body(let clip):
                report.messageKinds.append("body")
                report.bodyFrameCounts.append(clip.frameCount)
                report.frameArrivalSeconds += repeatElement(now, count: clip.frameCount)
                try report.frames?.append(clip)
                options.onOutput?(.frames(clip))
            case .end:
                report.messageKinds.append("end")
                report.endReceivedSeconds = now
                options.onOutput?(.ended)
                return report
            }
        }
        return report
    }
}
