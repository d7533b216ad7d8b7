/// Accumulates a stream's 16 kHz audio and cuts it into segments: at the first quiet window once a
/// segment is `minSegment` long, or, when no quiet window comes by `maxSegment`, at the quietest window of
/// the segment's last part. Output therefore never waits for a pause in the speech.
public struct Segmenter: Sendable {
    private let splitter: EnergySplitter
    private let minSegmentSamples: Int
    private let maxSegmentSamples: Int
    private let forcedSearchSamples: Int
    private var pending: [Float] = []
    private var pendingStart = 0
    private var scanFrom = 0
    private let cutsEveryChunk: Bool

    /// Creates a segmenter from the segmentation config; with `cutsEveryChunk` every appended chunk
    /// becomes a segment at once (for engines whose output does not depend on segmentation).
    public init(config: SegmentationConfig, cutsEveryChunk: Bool = false) {
        self.cutsEveryChunk = cutsEveryChunk
        let rate = Double(AudioSegment.sampleRate)
        splitter = EnergySplitter(config: config)
        minSegmentSamples = Int((config.minSegmentSeconds * rate).rounded())
        maxSegmentSamples = max(1, Int((config.maxSegmentSeconds * rate).rounded()))
        forcedSearchSamples = Int((config.forcedCutSearchSeconds * rate).rounded())
    }

    /// Samples received but not yet cut into a segment.
    public var pendingSampleCount: Int { pending.count }

    /// Position (16 kHz samples from the stream start) of the first pending sample.
    public var pendingStartSample: Int { pendingStart }

    /// Adds audio and returns the segments it completes, as (start sample, samples) in stream order.
    public mutating func append(_ samples: [Float]) -> [(startSample: Int, samples: [Float])] {
        if cutsEveryChunk {
            guard !samples.isEmpty else { return [] }
            defer { pendingStart += samples.count }
            return [(pendingStart, samples)]
        }
        pending.append(contentsOf: samples)
        var segments: [(startSample: Int, samples: [Float])] = []
        while let cut = nextCut() {
            segments.append((pendingStart, Array(pending[0..<cut])))
            pending.removeFirst(cut)
            pendingStart += cut
            scanFrom = 0
        }
        return segments
    }

    /// Returns everything still pending (possibly empty) as the stream's last segment.
    public mutating func flush() -> (startSample: Int, samples: [Float]) {
        defer {
            pendingStart += pending.count
            pending.removeAll()
            scanFrom = 0
        }
        return (pendingStart, pending)
    }

    private mutating func nextCut() -> Int? {
        let cutRange = max(1, minSegmentSamples)...maxSegmentSamples
        if let cut = splitter.firstQuietCut(in: pending, cutRange: cutRange, firstWindow: scanFrom) {
            return cut
        }
        scanFrom = splitter.scannedWindowLimit(sampleCount: pending.count)
        guard pending.count >= maxSegmentSamples else { return nil }
        let searchStart = max(cutRange.lowerBound, maxSegmentSamples - forcedSearchSamples)
        return splitter.quietestCut(in: pending, cutRange: searchStart...maxSegmentSamples)
    }
}
