/// What one stream's postprocessing knows and remembers: its frame rate, the emotion preset the client
/// chose, a seeded random generator, and the per-module state carried from segment to segment.
///
/// A context belongs to exactly one stream and is dropped with it.
public struct PostprocessContext: Sendable {
    /// Frames per second of the stream's clips.
    public var framesPerSecond: Double
    /// The stream's current emotion preset (`offset_name`), nil when none.
    public var offsetName: String?
    /// The stream's random source (seeded from config in tests, from the system otherwise).
    public var random: SplitMix64
    /// Per-module state, keyed by module instance name.
    private var moduleStates: [String: any Sendable] = [:]

    /// Creates the context for a new stream.
    public init(framesPerSecond: Double, offsetName: String? = nil, random: SplitMix64 = SplitMix64()) {
        self.framesPerSecond = framesPerSecond
        self.offsetName = offsetName
        self.random = random
    }

    /// The state module `moduleName` stored earlier in this stream, if any.
    public func state<State: Sendable>(of moduleName: String, as type: State.Type) -> State? {
        moduleStates[moduleName] as? State
    }

    /// Stores module `moduleName`'s state for the next segment of this stream.
    public mutating func setState<State: Sendable>(_ state: State, of moduleName: String) {
        moduleStates[moduleName] = state
    }
}
