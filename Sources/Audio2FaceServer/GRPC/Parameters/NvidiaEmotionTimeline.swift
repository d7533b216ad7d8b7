/// The emotion a stream shows over time: the beginning emotion from time 0, then each keyframe's emotion
/// from its time code on, reached by a linear blend over the transition time that starts from whatever
/// showed at that moment. ``applied(at:)`` keeps the strongest `maxEmotions` and scales by the strength.
struct NvidiaEmotionTimeline: Sendable {
    /// From `start` on, the emotion moves linearly from `from` to `to`, arriving `transitionSeconds` later.
    private struct Transition {
        var start: Double
        var from: [Float]
        var to: [Float]
    }

    private let settings: NvidiaEmotionSettings
    /// Keyframes in time order (equal times in arrival order), the beginning emotion first at time 0.
    private var keyframes: [(time: Double, target: [Float])]
    /// One transition per keyframe, rebuilt when a keyframe arrives.
    private var transitions: [Transition] = []

    init(settings: NvidiaEmotionSettings) {
        self.settings = settings
        keyframes = [(0, settings.beginning)]
        rebuildTransitions()
    }

    /// Adds a keyframe: from `time` (seconds from the stream start, ≥ 0) on, the emotion blends towards
    /// `target`. Frames already adjusted keep the values they had.
    mutating func add(time: Double, target: [Float]) {
        let position = keyframes.firstIndex { $0.time > time } ?? keyframes.endIndex
        keyframes.insert((time, target), at: position)
        rebuildTransitions()
    }

    /// The blended emotion at `time`, before selection and strength.
    func blended(at time: Double) -> [Float] {
        guard let current = transitions.last(where: { $0.start <= time }) else { return settings.beginning }
        return value(of: current, at: time)
    }

    /// The emotion that shows at `time`: the blend with all but the `maxEmotions` largest weights set to 0
    /// (equal weights: NVIDIA's name order), every weight times the strength.
    func applied(at time: Double) -> [Float] {
        let weights = blended(at: time)
        let kept = weights.indices.filter { weights[$0] > 0 }
            .sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
            .prefix(settings.maxEmotions)
        var applied = [Float](repeating: 0, count: weights.count)
        for index in kept {
            applied[index] = weights[index] * settings.strength
        }
        return applied
    }

    private func value(of transition: Transition, at time: Double) -> [Float] {
        let progress =
            settings.transitionSeconds > 0 ? min(1, max(0, (time - transition.start) / settings.transitionSeconds)) : 1
        if progress >= 1 { return transition.to }
        return zip(transition.from, transition.to).map { from, to in from + (to - from) * Float(progress) }
    }

    private mutating func rebuildTransitions() {
        var rebuilt: [Transition] = []
        for keyframe in keyframes {
            let from = rebuilt.last.map { value(of: $0, at: keyframe.time) } ?? keyframe.target
            rebuilt.append(Transition(start: keyframe.time, from: from, to: keyframe.target))
        }
        transitions = rebuilt
    }
}
