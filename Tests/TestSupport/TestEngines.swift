import Audio2Face

/// A test engine whose frame k has every channel equal to k / 1000, so tests can check which frames
/// arrived, in which order, with no gaps. Its streams check that segments arrive without gaps.
public struct FrameIndexEngine: FaceEngine {
    public var kind: String { "frame-index" }
    public var channelNames: [String] { BlendshapeNames.arkit51 }
    public var framesPerSecond: Double = 30
    public var lookaheadSamples: Int = 0

    public init() {}
    public func warmUp() async throws {}
    public func makeStream() -> any FaceEngineStream { Stream() }

    struct Stream: FaceEngineStream {
        var nextSample = 0

        mutating func infer(_ segment: AudioSegment) async throws -> FaceClip {
            precondition(segment.startSample == nextSample, "segments must arrive without gaps")
            nextSample = segment.endSample
            let width = BlendshapeNames.arkit51.count
            var values: [Float] = []
            for frame in segment.frames { values += repeatElement(Float(frame) / 1_000, count: width) }
            return FaceClip(
                channelNames: BlendshapeNames.arkit51, values: values, startFrame: segment.frames.lowerBound)
        }
    }
}

/// A test engine that fails on every segment, to check that failures reach the client.
public struct FailingEngine: FaceEngine {
    public var kind: String { "failing" }
    public var channelNames: [String] { BlendshapeNames.arkit51 }
    public var framesPerSecond: Double { 30 }
    public var lookaheadSamples: Int { 0 }

    public init() {}
    public func warmUp() async throws {}
    public func makeStream() -> any FaceEngineStream { Stream() }

    /// The error every inference throws.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String { "synthetic model failure" }
    }

    struct Stream: FaceEngineStream {
        mutating func infer(_ segment: AudioSegment) async throws -> FaceClip { throw Failure() }
    }
}
