import Audio2Face
import NvidiaA2FProtocol

/// What one NVIDIA stream's header and emotion keyframes do to its frames, built once per stream and fed
/// every run of frames in order. Per frame: the applied emotion's preset offsets are added and the result
/// clamped to [0, 1]; then the face parameters (smoothing, region and blink strengths, eyelid and lip
/// offsets); then the blendshape parameters. docs/nvidia-grpc.md, "Parameters and emotions", has the
/// tables.
struct NvidiaFaceControls: Sendable {
    /// The frame channels, in NVIDIA's names and order.
    let channelNames: [String]
    /// Frames per second of the stream's timeline (frame n is at n / frameRate seconds).
    let frameRate: Double
    /// Header keys and emotions we do not implement, sorted, for one status WARNING; see
    /// ``addKeyframes(_:)`` for ones that arrive later.
    private(set) var unsupportedKeys: [String]

    private let face: NvidiaFaceSettings
    private let blendShapes: NvidiaBlendShapeAdjustment
    private let emotionOffsets: NvidiaEmotionOffsets
    private var timeline: NvidiaEmotionTimeline
    private var upperSmoother: NvidiaRegionSmoother
    private var lowerSmoother: NvidiaRegionSmoother
    /// The last emotion weights and their offsets: consecutive frames usually share them.
    private var cachedEmotion: (weights: [Float], offsets: [Float]?)?
    /// Columns by what the face parameters do to them.
    private let upperColumns: [Int]
    private let lowerColumns: [Int]
    private let blinkColumns: [Int]
    private let lipOpeningColumns: [Int]

    /// Reads and checks the header's face, blendshape and emotion parameters for frames with channels
    /// `channelNames` (``NvidiaBlendShapeNames/all``) at `frameRate`; a value out of range or an unknown
    /// emotion name is a ``StreamError/protocolViolation(_:)`` naming the field and the allowed values.
    init(
        header: NvidiaAudioStreamHeader, channelNames: [String], presets: NvidiaEmotionPresets, frameRate: Double
    ) throws(StreamError) {
        precondition(frameRate > 0 && frameRate.isFinite, "frame rate \(frameRate) must be a positive number")
        self.channelNames = channelNames
        self.frameRate = frameRate
        face = try NvidiaFaceSettings(header.faceParams)
        blendShapes = try NvidiaBlendShapeAdjustment(header.blendshapeParams, channelNames: channelNames)
        let emotions = try NvidiaEmotionSettings(
            emotion: header.emotionParams, postProcessing: header.emotionPostProcessingParams)
        timeline = NvidiaEmotionTimeline(settings: emotions)
        emotionOffsets = NvidiaEmotionOffsets(presets: presets, channelNames: channelNames)

        func columns(_ region: NvidiaFaceRegion) -> [Int] {
            channelNames.indices.filter { NvidiaFaceRegion(channel: channelNames[$0]) == region }
        }
        upperColumns = columns(.upper)
        lowerColumns = columns(.lower)
        blinkColumns = columns(.blink)
        lipOpeningColumns = channelNames.indices.filter {
            NvidiaFaceRegion.lipOpeningChannels.contains(channelNames[$0])
        }
        upperSmoother = NvidiaRegionSmoother(
            columns: upperColumns, timeConstantSeconds: face.upperFaceSmoothing, frameRate: frameRate)
        lowerSmoother = NvidiaRegionSmoother(
            columns: lowerColumns, timeConstantSeconds: face.lowerFaceSmoothing, frameRate: frameRate)

        unsupportedKeys = Array(
            Set(
                face.unsupportedKeys + blendShapes.unsupportedKeys + emotions.unsupportedKeys
                    + Self.presetlessEmotions(in: emotions.beginning, field: "emotion_params.beginning_emotion"))
        ).sorted()
    }

    /// Adds the emotion keyframes of one `audio_with_emotion` message (time codes in seconds from the
    /// stream start); each applies from its time code on and blends in over `live_transition_time`.
    /// Returns keys not reported before that have no effect (an emotion no preset shows), for another
    /// status WARNING. An unknown name, a weight outside 0…1 or a negative time code is a
    /// ``StreamError/protocolViolation(_:)`` naming the field.
    @discardableResult
    mutating func addKeyframes(_ keyframes: [NvidiaEmotionWithTimeCode]) throws(StreamError) -> [String] {
        var checked: [(time: Double, weights: [Float])] = []
        for (index, keyframe) in keyframes.enumerated() {
            let field = "audio_with_emotion.emotions[\(index)]"
            guard keyframe.timeCode.isFinite, keyframe.timeCode >= 0 else {
                throw .protocolViolation(
                    "\(field).time_code = \(keyframe.timeCode) is not allowed; use seconds from the stream start, "
                        + "0 or more")
            }
            checked.append(
                (keyframe.timeCode, try NvidiaEmotionName.weights(of: keyframe.emotion, field: "\(field).emotion")))
        }
        var newKeys: [String] = []
        for keyframe in checked {
            timeline.add(time: keyframe.time, target: keyframe.weights)
            for key in Self.presetlessEmotions(in: keyframe.weights, field: "audio_with_emotion.emotions")
            where !unsupportedKeys.contains(key) && !newKeys.contains(key) {
                newKeys.append(key)
            }
        }
        unsupportedKeys = (unsupportedKeys + newKeys).sorted()
        return newKeys.sorted()
    }

    /// Adjusts a run of frames whose first frame has index `firstFrame` in the stream's timeline; the
    /// clip's channels must be ``channelNames``. Returns the adjusted clip and, per frame, the emotion
    /// weights applied (all ten of NVIDIA's names, after `max_emotions` and `emotion_strength`) with the
    /// frame's time code, for `a2f_smoothed_output`.
    mutating func adjust(_ clip: FaceClip, firstFrame: Int) -> (clip: FaceClip, applied: [NvidiaEmotionWithTimeCode]) {
        precondition(clip.channelNames == channelNames, "the clip's channels are not the stream's NVIDIA channels")
        var adjusted = clip
        var applied: [NvidiaEmotionWithTimeCode] = []
        applied.reserveCapacity(clip.frameCount)
        let width = clip.channelCount
        for frame in 0..<clip.frameCount {
            let time = Double(firstFrame + frame) / frameRate
            let weights = timeline.applied(at: time)
            var row = Array(adjusted.values[(frame * width)..<((frame + 1) * width)])
            if cachedEmotion?.weights != weights {
                cachedEmotion = (weights, emotionOffsets.offsets(for: weights))
            }
            let offsets = cachedEmotion?.offsets
            for column in row.indices {
                row[column] = min(1, max(0, row[column] + (offsets?[column] ?? 0)))
            }
            applyFaceParameters(to: &row)
            if blendShapes.isActive {
                blendShapes.apply(to: &row)
            }
            adjusted.values.replaceSubrange((frame * width)..<((frame + 1) * width), with: row)
            var emotion = NvidiaEmotionWithTimeCode()
            emotion.timeCode = time
            emotion.emotion = NvidiaEmotionName.map(of: weights)
            applied.append(emotion)
        }
        return (adjusted, applied)
    }

    /// Smoothing, then the region and blink strengths, then the eyelid and lip offsets.
    private mutating func applyFaceParameters(to row: inout [Float]) {
        upperSmoother.smooth(&row)
        lowerSmoother.smooth(&row)
        for (columns, factor) in [
            (upperColumns, face.upperFaceStrength), (lowerColumns, face.lowerFaceStrength),
            (blinkColumns, face.blinkStrength),
        ] where factor != 1 {
            for column in columns { row[column] *= factor }
        }
        if face.eyelidOpenOffset != 0 {
            for column in blinkColumns { row[column] -= face.eyelidOpenOffset }
        }
        if face.lipOpenOffset != 0 {
            for column in lipOpeningColumns { row[column] += face.lipOpenOffset }
        }
    }

    /// Field paths of the emotions in `weights` that weigh something but have no preset.
    private static func presetlessEmotions(in weights: [Float], field: String) -> [String] {
        NvidiaEmotionName.allCases.filter { $0.presetFamily == nil && weights[$0.index] > 0 }
            .map { "\(field)[\"\($0.rawValue)\"] (no matching expression preset)" }
    }
}
