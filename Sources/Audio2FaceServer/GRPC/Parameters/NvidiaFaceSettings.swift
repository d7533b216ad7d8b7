import Audio2Face
import NvidiaA2FProtocol

/// The `face_params` of one stream header that we implement, checked against NVIDIA's documented ranges;
/// a key the header leaves out changes nothing (strength 1, smoothing 0, offset 0).
struct NvidiaFaceSettings: Equatable, Sendable {
    var upperFaceStrength: Float = 1
    var lowerFaceStrength: Float = 1
    /// Time constant, in seconds, of the upper face's smoothing filter (0: none).
    var upperFaceSmoothing: Float = 0
    /// Time constant, in seconds, of the lower face's smoothing filter (0: none).
    var lowerFaceSmoothing: Float = 0
    var blinkStrength: Float = 1
    /// Subtracted from the blink channels: positive opens the eyes, negative closes them.
    var eyelidOpenOffset: Float = 0
    /// Added to the lip-parting channels: positive opens the lips.
    var lipOpenOffset: Float = 0
    /// `face_params` keys we do not implement, by their field paths, sorted.
    var unsupportedKeys: [String] = []

    /// The float keys we implement, with their allowed ranges (NVIDIA's, except `blinkStrength`, whose
    /// range NVIDIA does not publish: 0…2 like the other strengths).
    static var ranges: [(key: String, range: ClosedRange<Float>, path: WritableKeyPath<Self, Float>)] {
        [
            ("upperFaceStrength", 0...2, \.upperFaceStrength),
            ("lowerFaceStrength", 0...2, \.lowerFaceStrength),
            ("upperFaceSmoothing", 0...0.1, \.upperFaceSmoothing),
            ("lowerFaceSmoothing", 0...0.1, \.lowerFaceSmoothing),
            ("blinkStrength", 0...2, \.blinkStrength),
            ("eyelidOpenOffset", -1...1, \.eyelidOpenOffset),
            ("lipOpenOffset", -0.2...0.2, \.lipOpenOffset),
        ]
    }

    /// Neutral settings.
    init() {}

    /// Reads `float_params`; a value outside its range is a ``StreamError/protocolViolation(_:)`` naming the
    /// key and the range. Other float keys and every `integer_params` and `float_array_params` key are
    /// listed in ``unsupportedKeys``.
    init(_ parameters: NvidiaFaceParameters) throws(StreamError) {
        var unsupported: [String] = []
        for (key, value) in parameters.floatParams.sorted(by: { $0.key < $1.key }) {
            let field = "face_params.float_params[\"\(key)\"]"
            guard let known = Self.ranges.first(where: { $0.key == key }) else {
                unsupported.append(field)
                continue
            }
            guard known.range.contains(value) else {
                throw .protocolViolation(
                    "\(field) = \(value) is outside the allowed range "
                        + "\(known.range.lowerBound)...\(known.range.upperBound)")
            }
            self[keyPath: known.path] = value
        }
        unsupported += parameters.integerParams.keys.map { "face_params.integer_params[\"\($0)\"]" }
        unsupported += parameters.floatArrayParams.keys.map { "face_params.float_array_params[\"\($0)\"]" }
        unsupportedKeys = unsupported.sorted()
    }
}
