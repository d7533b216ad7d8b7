/// Finds quiet places in 16 kHz audio, with the reference's windowed mean-energy rule.
///
/// Windows of `windowLength` samples start every `hopLength` samples from the start of the buffer; a
/// window is quiet when its mean squared value is below the threshold. A quiet window starting at `w`
/// proposes a cut at `w + hopLength`, as the reference does.
public struct EnergySplitter: Sendable, Equatable {
    /// Window length in samples.
    public let windowLength: Int
    /// Step between window starts in samples.
    public let hopLength: Int
    /// Mean-square threshold on the [-1, 1] float scale.
    public let meanSquareThreshold: Float

    /// Creates a splitter from the segmentation config (threshold given in squared int16 units).
    public init(config: SegmentationConfig, sampleRate: Int = AudioSegment.sampleRate) {
        windowLength = max(1, Int((config.windowSeconds * Double(sampleRate)).rounded()))
        hopLength = max(1, Int((config.hopSeconds * Double(sampleRate)).rounded()))
        meanSquareThreshold = Float(config.energyThreshold / (32_768.0 * 32_768.0))
    }

    /// Mean squared value of the window starting at `start`.
    public func meanSquare(of samples: [Float], windowStart start: Int) -> Float {
        var sum: Float = 0
        for index in start..<(start + windowLength) { sum += samples[index] * samples[index] }
        return sum / Float(windowLength)
    }

    /// The first cut position in `cutRange` proposed by a quiet window lying wholly inside `samples`,
    /// scanning windows that start at `firstWindow` or later (a multiple of the hop).
    public func firstQuietCut(in samples: [Float], cutRange: ClosedRange<Int>, firstWindow: Int) -> Int? {
        var start = max(firstWindow, cutRange.lowerBound - hopLength)
        start = (start + hopLength - 1) / hopLength * hopLength
        while start + windowLength <= samples.count, start + hopLength <= cutRange.upperBound {
            if meanSquare(of: samples, windowStart: start) < meanSquareThreshold {
                return start + hopLength
            }
            start += hopLength
        }
        return nil
    }

    /// The cut position in `cutRange` proposed by the quietest whole window (earliest on ties).
    public func quietestCut(in samples: [Float], cutRange: ClosedRange<Int>) -> Int {
        var best = cutRange.upperBound
        var bestEnergy = Float.infinity
        var start = max(0, cutRange.lowerBound - hopLength)
        start = (start + hopLength - 1) / hopLength * hopLength
        while start + windowLength <= samples.count, start + hopLength <= cutRange.upperBound {
            let energy = meanSquare(of: samples, windowStart: start)
            if energy < bestEnergy {
                bestEnergy = energy
                best = start + hopLength
            }
            start += hopLength
        }
        return best
    }

    /// Windows starting before this position have been fully examined for `samples.count` samples.
    public func scannedWindowLimit(sampleCount: Int) -> Int {
        sampleCount < windowLength ? 0 : (sampleCount - windowLength) / hopLength * hopLength + hopLength
    }
}
