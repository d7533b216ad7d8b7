/// What one concurrency level of the load benchmark measured.
struct LoadLevelResult: Codable, Sendable {
    var users: Int
    var mode: String
    var completedStreams = 0
    var errors = 0
    var errorReasons: [String] = []
    var audioSeconds = 0.0
    var wallSeconds = 0.0
    /// Realtime: first audio byte sent → first frame. Burst: end message sent → first frame (as the
    /// reference capacity tool measures "first response").
    var firstFrameP50: Double?
    var firstFrameP95: Double?
    var firstFrameP99: Double?
    /// For each frame, arrival time minus the time its audio was sent (95th percentile).
    var frameLagP95: Double?
    /// Per stream: audio seconds / seconds from first byte sent to end message received.
    var speedMedian: Double?
    var speedMin: Double?
    /// Frames received against round(duration × fps) ± 1, summed over completed streams.
    var frameCountMismatches = 0
    var serverCPUSecondsPerAudioSecond: Double?
    var serverPeakRSSBytes: Int?

    /// Total audio seconds answered per wall-clock second at this level.
    var throughput: Double { wallSeconds > 0 ? audioSeconds / wallSeconds : 0 }
}
