/// One stream's state in the built-in engine: the last analysis frame, the voicing filter, level
/// trackers and the smoothed pose, carried from segment to segment so that any chunking of the audio
/// gives the same frames as processing it whole.
///
/// Audio is analysed in hops of 10 ms: hop h describes time `h × 10 ms` from a 20 ms frame centred
/// there (samples `160h − 160 ..< 160h + 160`), so it needs 160 samples of look-ahead. Output frame k
/// (time `k / fps`) shows the pose of the latest hop at or before its time — or, when the lips closed
/// during the hops since the previous frame, the most closed of those poses, so that a bilabial shorter
/// than a frame still shows.
public struct BuiltinEngineStream: FaceEngineStream {
    /// Samples per hop (10 ms at 16 kHz); also the look-ahead the engine needs.
    public static let hopLength = 160
    /// Closure amount above which a pose between two frames is held for the next frame.
    private static let closureHoldThreshold: Float = 0.5

    private let framesPerSecond: Double
    private var analyzer: SpectralAnalyzer
    private var voicing: VoicingDetector
    private var levels: LevelTracker
    private let mapper: VisemeMapper
    private var smoother: MotionSmoother

    /// Samples `160h − 160 ..< 160h + 160` for the next hop h once `pendingCount` reaches `hopLength`:
    /// the first half is the previous hop's new samples, the second half fills with incoming ones.
    private var frame: [Float]
    private var pendingCount = 0
    /// Stream samples received so far (the next expected `startSample`).
    private var receivedSamples = 0
    /// Number of hops analysed; the current pose is hop `analysedHops − 1`.
    private var analysedHops = 0
    private var features = FrameFeatures()
    private var target: [Float]
    /// The most closed pose among hops analysed since the last emitted frame.
    private var heldPose: [Float]
    private var heldClosure: Float = -1
    /// Hop shown by the last emitted frame (−1 before the first).
    private var lastShownHop = -1

    init(
        config: BuiltinEngineConfig, framesPerSecond: Double, analyzer: SpectralAnalyzer,
        voicing: VoicingDetector
    ) {
        self.framesPerSecond = framesPerSecond
        self.analyzer = analyzer
        self.voicing = voicing
        levels = LevelTracker(config: config)
        mapper = VisemeMapper(config: config)
        smoother = MotionSmoother(config: config)
        frame = [Float](repeating: 0, count: SpectralAnalyzer.frameLength)
        target = [Float](repeating: 0, count: ArkitChannel.poseWidth)
        heldPose = [Float](repeating: 0, count: ArkitChannel.poseWidth)
    }

    public mutating func infer(_ segment: AudioSegment) async throws -> FaceClip {
        process(segment)
    }

    /// Computes the segment's frames (the synchronous body of ``infer(_:)``).
    ///
    /// Segments are expected in order without gaps; a gap is filled with silence and audio already
    /// received is skipped. A frame whose hop cannot be analysed yet (only possible when `frames` was
    /// claimed with less look-ahead than ``BuiltinEngine/lookaheadSamples``) shows the latest pose; on
    /// the final segment missing look-ahead is padded with zeros.
    public mutating func process(_ segment: AudioSegment) -> FaceClip {
        let width = ArkitChannel.count
        var values = [Float](repeating: 0, count: segment.frames.count * width)
        if segment.startSample > receivedSamples {
            feedSilence(count: segment.startSample - receivedSamples)
        }
        let skip = min(max(0, receivedSamples - segment.startSample), segment.samples.count)
        segment.samples.withUnsafeBufferPointer { all in
            var cursor = skip
            for (row, frameIndex) in segment.frames.enumerated() {
                let hop = hopIndex(ofFrame: frameIndex)
                while analysedHops <= hop {
                    if cursor < all.count {
                        cursor += feed(UnsafeBufferPointer(rebasing: all[cursor...]))
                    } else if segment.isFinal {
                        feedSilence(count: Self.hopLength - pendingCount)
                    } else {
                        break
                    }
                }
                emitFrame(into: &values, row: row)
            }
            while cursor < all.count {
                cursor += feed(UnsafeBufferPointer(rebasing: all[cursor...]))
            }
        }
        return FaceClip(channelNames: BlendshapeNames.arkit51, values: values, startFrame: segment.frames.lowerBound)
    }

    /// The hop whose centre is the latest at or before frame `frame`'s time.
    private func hopIndex(ofFrame frame: Int) -> Int {
        let position = Double(frame) * Double(AudioSegment.sampleRate) / framesPerSecond
        return Int(position / Double(Self.hopLength))
    }

    /// Takes samples from `samples` until one hop is complete (then analyses it) or they run out;
    /// returns how many were taken.
    private mutating func feed(_ samples: UnsafeBufferPointer<Float>) -> Int {
        let hop = Self.hopLength
        let taken = min(hop - pendingCount, samples.count)
        frame.withUnsafeMutableBufferPointer { frame in
            for index in 0..<taken {
                frame[hop + pendingCount + index] = Self.sanitized(samples[index])
            }
        }
        pendingCount += taken
        receivedSamples += taken
        if pendingCount == hop { analyseHop() }
        return taken
    }

    /// Non-finite samples become silence, values are limited to ±2 (so no level can overflow) and
    /// magnitudes below 1e-10 (−200 dBFS) become 0, which keeps every product in the analysis out of the
    /// slow subnormal range.
    @inline(__always)
    private static func sanitized(_ sample: Float) -> Float {
        guard sample.isFinite, abs(sample) >= 1e-10 else { return 0 }
        return min(max(sample, -2), 2)
    }

    private mutating func feedSilence(count: Int) {
        var remaining = count
        while remaining > 0 {
            let taken = min(Self.hopLength - pendingCount, remaining)
            frame.withUnsafeMutableBufferPointer { frame in
                for index in 0..<taken { frame[Self.hopLength + pendingCount + index] = 0 }
            }
            pendingCount += taken
            receivedSamples += taken
            remaining -= taken
            if pendingCount == Self.hopLength { analyseHop() }
        }
    }

    /// Analyses the completed frame, advances the smoothed pose and shifts the frame by one hop.
    private mutating func analyseHop() {
        let hop = Self.hopLength
        frame.withUnsafeBufferPointer { frame in
            analyzer.analyze(frame, into: &features)
            voicing.push(UnsafeBufferPointer(rebasing: frame[hop...]))
        }
        features.periodicity = voicing.periodicity()
        let reading = levels.update(levelDecibels: features.levelDecibels)
        let output = target.withUnsafeMutableBufferPointer { target in
            mapper.map(features, reading, into: target)
        }
        target.withUnsafeBufferPointer { target in
            smoother.step(toward: target, isClosing: output.isClosing)
        }
        let closure = smoother.pose[ArkitChannel.closureSlot]
        if closure >= heldClosure {
            heldClosure = closure
            copy(smoother.pose, into: &heldPose)
        }
        frame.withUnsafeMutableBufferPointer { frame in
            for index in 0..<hop { frame[index] = frame[hop + index] }
        }
        pendingCount = 0
        analysedHops += 1
    }

    /// Writes the pose for the next frame into row `row` of `values`.
    private mutating func emitFrame(into values: inout [Float], row: Int) {
        let currentHop = analysedHops - 1
        let showHeld = currentHop > lastShownHop && heldClosure >= Self.closureHoldThreshold
        let source = showHeld ? heldPose : smoother.pose
        let width = ArkitChannel.count
        values.withUnsafeMutableBufferPointer { values in
            source.withUnsafeBufferPointer { source in
                for channel in 0..<width {
                    values[row * width + channel] = BuiltinMath.unitClamp(source[channel])
                }
            }
        }
        if currentHop > lastShownHop {
            lastShownHop = currentHop
            heldClosure = -1
        }
    }

    private func copy(_ source: [Float], into destination: inout [Float]) {
        destination.withUnsafeMutableBufferPointer { destination in
            source.withUnsafeBufferPointer { source in
                for index in 0..<source.count { destination[index] = source[index] }
            }
        }
    }
}
