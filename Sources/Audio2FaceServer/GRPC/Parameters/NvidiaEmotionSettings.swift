import Audio2Face
import NvidiaA2FProtocol

/// The emotion settings of one stream header (`emotion_params`, `emotion_post_processing_params`),
/// checked, with NVIDIA's defaults for what the header leaves out.
struct NvidiaEmotionSettings: Equatable, Sendable {
    /// Seconds over which a new emotion keyframe blends in (`live_transition_time`; 0 switches at once).
    var transitionSeconds: Double = 0.5
    /// Factor on every emotion weight (`emotion_strength`, 0…1).
    var strength: Float = 0.6
    /// How many emotions may show at once, strongest first (`max_emotions`, 1…6).
    var maxEmotions: Int = 3
    /// The emotion from time 0 (`beginning_emotion`), one weight per ``NvidiaEmotionName``.
    var beginning = [Float](repeating: 0, count: NvidiaEmotionName.allCases.count)
    /// Post-processing fields the header sets that we do not implement, by their field paths.
    var unsupportedKeys: [String] = []

    /// The defaults, as for a header without emotion settings.
    init() {}

    /// Reads and checks the header's emotion settings; a value out of range is a
    /// ``StreamError/protocolViolation(_:)`` naming the field and its allowed range.
    init(
        emotion: NvidiaEmotionParameters, postProcessing: NvidiaEmotionPostProcessingParameters
    ) throws(StreamError) {
        if emotion.hasLiveTransitionTime {
            let seconds = emotion.liveTransitionTime
            guard seconds.isFinite, seconds >= 0 else {
                throw .protocolViolation(
                    "emotion_params.live_transition_time = \(seconds) is not allowed; use a finite number of "
                        + "seconds, 0 or more")
            }
            transitionSeconds = Double(seconds)
        }
        beginning = try NvidiaEmotionName.weights(
            of: emotion.beginningEmotion, field: "emotion_params.beginning_emotion")
        if postProcessing.hasEmotionStrength {
            strength = postProcessing.emotionStrength
            guard (0...1).contains(strength) else {
                throw .protocolViolation(
                    "emotion_post_processing_params.emotion_strength = \(strength) is outside the allowed range 0...1"
                )
            }
        }
        if postProcessing.hasMaxEmotions {
            guard (1...6).contains(postProcessing.maxEmotions) else {
                throw .protocolViolation(
                    "emotion_post_processing_params.max_emotions = \(postProcessing.maxEmotions) is outside the "
                        + "allowed range 1...6")
            }
            maxEmotions = Int(postProcessing.maxEmotions)
        }
        let unimplemented: [(isSet: Bool, name: String)] = [
            (postProcessing.hasEmotionContrast, "emotion_contrast"),
            (postProcessing.hasLiveBlendCoef, "live_blend_coef"),
            (postProcessing.hasEnablePreferredEmotion, "enable_preferred_emotion"),
            (postProcessing.hasPreferredEmotionStrength, "preferred_emotion_strength"),
        ]
        unsupportedKeys = unimplemented.filter(\.isSet).map { "emotion_post_processing_params.\($0.name)" }
    }
}
