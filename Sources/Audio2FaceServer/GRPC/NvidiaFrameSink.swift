import Audio2Face
import Foundation
import GRPCCore
import NvidiaA2FProtocol
import SwiftProtobuf

/// Sends a stream's output as NVIDIA's `A2F3DAnimationDataStream` messages: one header (the echoed
/// audio's format, NVIDIA's 52 blendshape names, the start time), then per run of frames one
/// `animation_data` with the weights (time codes k / frame rate), the input audio those frames cover and
/// an `emotion_aggregate`, and at the end the `END_OF_A2F_AUDIO_PROCESSING` event and a SUCCESS status.
/// The header's face, blendshape and emotion parameters are applied by ``NvidiaFaceControls``; keys we
/// do not implement are named once in a WARNING status after the header.
struct NvidiaFrameSink: FrameSink {
    let writer: RPCWriter<NvidiaAnimationStream>
    let ledger: NvidiaStreamLedger
    let presets: NvidiaEmotionPresets
    let frameRate: Double
    let activity: ActivityMonitor<ContinuousClock>
    /// Unix time now, in seconds (injected for tests).
    let unixTime: @Sendable () -> Double

    /// Our channel index for each of NVIDIA's names (nil: we have no such channel; it is sent as 0).
    private var sourceIndices: [Int?] = []
    private var controls: NvidiaFaceControls?
    /// Index of the next frame to send.
    private var nextFrame = 0

    init(
        writer: RPCWriter<NvidiaAnimationStream>, ledger: NvidiaStreamLedger, presets: NvidiaEmotionPresets,
        frameRate: Double, activity: ActivityMonitor<ContinuousClock>, unixTime: @escaping @Sendable () -> Double
    ) {
        self.writer = writer
        self.ledger = ledger
        self.presets = presets
        self.frameRate = frameRate
        self.activity = activity
        self.unixTime = unixTime
    }

    mutating func deliver(_ output: StreamOutput) async throws {
        switch output {
        case .started(let channelNames): try await start(channelNames: channelNames)
        case .frames(let clip): try await send(clip)
        case .ended: try await end()
        }
    }

    private mutating func start(channelNames: [String]) async throws {
        guard let header = ledger.header else {
            throw StreamError.outOfOrder(.startMissing)
        }
        sourceIndices = Self.sourceIndices(nvidiaNames: NvidiaBlendShapeNames.all, ourNames: channelNames)
        let controls = try NvidiaFaceControls(
            header: header, channelNames: NvidiaBlendShapeNames.all, presets: presets, frameRate: frameRate)
        self.controls = controls
        var streamHeader = NvidiaAnimationStreamHeader()
        streamHeader.audioHeader = header.audioHeader
        streamHeader.skelAnimationHeader = NvidiaSkelAnimationHeader.with { $0.blendShapes = NvidiaBlendShapeNames.all }
        streamHeader.startTimeCodeSinceEpoch = unixTime()
        try await write(.animationDataStreamHeader(streamHeader))
        if !controls.unsupportedKeys.isEmpty { try await warnIgnored(controls.unsupportedKeys) }
    }

    private mutating func send(_ clip: FaceClip) async throws {
        guard var controls, let format = ledger.format else { throw StreamError.outOfOrder(.startMissing) }
        let received = ledger.takeKeyframes()
        let ignored = try controls.addKeyframes(received)
        let reordered = reorder(clip)
        let (adjusted, applied) = controls.adjust(reordered, firstFrame: nextFrame)
        self.controls = controls
        let first = nextFrame
        nextFrame += adjusted.frameCount
        var data = NvidiaAnimationData()
        data.skelAnimation = NvidiaSkelAnimation.with { animation in
            animation.blendShapeWeights = (0..<adjusted.frameCount).map { row in
                NvidiaFloatArrayWithTimeCode.with {
                    $0.timeCode = Double(first + row) / frameRate
                    $0.values = Array(
                        adjusted.values[(row * adjusted.channelCount)..<((row + 1) * adjusted.channelCount)])
                }
            }
        }
        data.audio = NvidiaAudioWithTimeCode.with {
            $0.timeCode = Double(first) / frameRate
            $0.audioBuffer = Data(ledger.takeAudio(upTo: byteOffset(ofFrame: nextFrame, format: format)))
        }
        data.metadata[Self.emotionAggregateKey] = try Self.packed(
            NvidiaEmotionAggregate.with {
                $0.inputEmotions = received
                $0.a2FSmoothedOutput = applied
            })
        try await write(.animationData(data))
        if !ignored.isEmpty { try await warnIgnored(ignored) }
    }

    /// One WARNING status naming keys we do not implement.
    private func warnIgnored(_ keys: [String]) async throws {
        try await write(
            .status(
                NvidiaStatus.with {
                    $0.code = .warning
                    $0.message = "not supported and ignored: " + keys.joined(separator: ", ")
                }))
    }

    private mutating func end() async throws {
        let rest = ledger.takeRemainingAudio()
        if !rest.isEmpty {
            // A trailing part of a sample frame that no video frame covers: sent so that the echo is whole.
            var data = NvidiaAnimationData()
            data.audio = NvidiaAudioWithTimeCode.with {
                $0.timeCode = Double(nextFrame) / frameRate
                $0.audioBuffer = Data(rest)
            }
            data.metadata[Self.emotionAggregateKey] = try Self.packed(NvidiaEmotionAggregate())
            try await write(.animationData(data))
        }
        try await write(.event(NvidiaEvent.with { $0.eventType = .endOfA2FAudioProcessing }))
        try await write(.status(NvidiaStatus.with { $0.code = .success }))
    }

    /// The metadata key NVIDIA's clients read on every animation message.
    static let emotionAggregateKey = "emotion_aggregate"

    /// `aggregate` in an `Any`, serialized once here. An `Any` made with `init(message:)` keeps the message
    /// and serializes it again each time the enclosing message is sized or encoded (three or four times
    /// per send, inside a map entry): with an emotion map per frame that was a sixth of the server's CPU
    /// under load. The type URL is the one `init(message:)` writes.
    static func packed(_ aggregate: NvidiaEmotionAggregate) throws -> Google_Protobuf_Any {
        var any = Google_Protobuf_Any()
        any.typeURL = "type.googleapis.com/" + NvidiaEmotionAggregate.protoMessageName
        any.value = try aggregate.serializedBytes()
        return any
    }

    /// The first byte of the audio at frame `index`'s time, on a whole sample frame.
    private func byteOffset(ofFrame index: Int, format: PCMFormat) -> Int {
        let sampleFrames = Int((Double(index) * Double(format.sampleRate) / frameRate).rounded(.down))
        return sampleFrames * format.sampleWidth * format.channelCount
    }

    /// `clip`'s frames with NVIDIA's channels in NVIDIA's order.
    private func reorder(_ clip: FaceClip) -> FaceClip {
        var values = [Float]()
        values.reserveCapacity(clip.frameCount * sourceIndices.count)
        for frame in 0..<clip.frameCount {
            for index in sourceIndices { values.append(index.map { clip[frame, $0] } ?? 0) }
        }
        return FaceClip(channelNames: NvidiaBlendShapeNames.all, values: values, startFrame: clip.startFrame)
    }

    /// For each NVIDIA name, the index of our channel of the same name (ours start in lower case:
    /// `jawOpen` is NVIDIA's `JawOpen`).
    static func sourceIndices(nvidiaNames: [String], ourNames: [String]) -> [Int?] {
        var indexByName: [String: Int] = [:]
        for (index, name) in ourNames.enumerated() { indexByName[name.lowercased()] = index }
        return nvidiaNames.map { indexByName[$0.lowercased()] }
    }

    private func write(_ part: NvidiaAnimationStream.OneOf_StreamPart) async throws {
        var message = NvidiaAnimationStream()
        message.streamPart = part
        activity.beginWrite()
        try await writer.write(message)
        activity.endWrite()
    }
}
