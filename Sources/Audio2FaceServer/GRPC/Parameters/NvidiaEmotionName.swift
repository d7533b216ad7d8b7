import Audio2Face

/// NVIDIA's ten Audio2Face-3D emotion names, and which of our emotion presets (`assets/offsets/arkit`,
/// `<preset>_<1…4>.json`) shows each one (docs/nvidia-grpc.md, "Parameters and emotions").
///
/// Emotion weights travel as `[Float]` with one entry per case, in ``allCases`` order.
enum NvidiaEmotionName: String, CaseIterable, Sendable {
    case amazement, anger, cheekiness, disgust, fear, grief, joy, outofbreath, pain, sadness

    /// The preset family that shows this emotion, or nil when none of ours does (`outofbreath`: its look is
    /// breathing, a mouth-and-chest motion, not an expression our presets hold).
    var presetFamily: String? {
        switch self {
        case .amazement: "surprise"
        case .anger: "anger"
        // A playful grin: lip-corner puller and cheek raiser (AU 12, 6), without shyness's lowered gaze.
        case .cheekiness: "happiness"
        case .disgust: "disgust"
        case .fear: "fear"
        case .grief: "sadness"
        case .joy: "happiness"
        case .outofbreath: nil
        // Pain's action units (brow lowerer 4, cheek raiser 6, lid tightener 7, nose wrinkler 9, upper-lip
        // raiser 10) are those our disgust preset is built from.
        case .pain: "disgust"
        case .sadness: "sadness"
        }
    }

    /// Position of this emotion in weight arrays.
    var index: Int { Self.allCases.firstIndex(of: self)! }

    /// The ten names, comma separated, for error messages.
    static let nameList = allCases.map(\.rawValue).joined(separator: ", ")

    /// The weights of an emotion map `{name: weight}` (missing names weigh 0); `field` names the map in
    /// errors, such as `emotion_params.beginning_emotion`. Unknown names and weights outside 0…1 are a
    /// ``StreamError/protocolViolation(_:)`` naming the key.
    static func weights(of map: [String: Float], field: String) throws(StreamError) -> [Float] {
        var weights = [Float](repeating: 0, count: allCases.count)
        for (name, weight) in map.sorted(by: { $0.key < $1.key }) {
            guard let emotion = NvidiaEmotionName(rawValue: name) else {
                throw .protocolViolation(
                    "\(field)[\"\(name)\"] is not an emotion; use NVIDIA's emotion names: \(nameList)")
            }
            guard (0...1).contains(weight) else {
                throw .protocolViolation("\(field)[\"\(name)\"] = \(weight) is outside the allowed range 0...1")
            }
            weights[emotion.index] = weight
        }
        return weights
    }

    /// A weight array as an emotion map with all ten names.
    static func map(of weights: [Float]) -> [String: Float] {
        Dictionary(uniqueKeysWithValues: zip(allCases.map(\.rawValue), weights))
    }
}
