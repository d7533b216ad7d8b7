/// Where a stream's output goes: each transport encodes and sends it in its own way; the offline
/// converter and tests collect it.
public protocol FrameSink {
    /// Delivers one output, in order; throwing ends the stream as a transport failure.
    mutating func deliver(_ output: StreamOutput) async throws
}

/// A sink that gathers a whole stream into one clip (the offline converter, tests).
public struct ClipCollector: FrameSink, Sendable {
    /// The frames received so far as one clip (empty with no channels before the start).
    public private(set) var clip = FaceClip(channelNames: [], values: [])
    /// True once the end has been delivered.
    public private(set) var hasEnded = false

    /// Creates an empty collector.
    public init() {}

    public mutating func deliver(_ output: StreamOutput) async throws {
        switch output {
        case .started(let channelNames): clip = FaceClip(channelNames: channelNames, values: [])
        case .frames(let frames): try clip.append(frames)
        case .ended: hasEnded = true
        }
    }
}
