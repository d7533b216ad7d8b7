import Foundation

/// Streaming band-limited resampler from any supported rate to the engines' 16 kHz.
///
/// Each output sample is a Blackman-windowed sinc interpolation centred exactly on its input time, so
/// there is no delay to correct for. When downsampling, the sinc's cutoff sits just below the new
/// Nyquist frequency, which removes what would otherwise alias. Coefficients are precomputed per
/// fractional phase (rates with a small ratio to 16 kHz, such as 44.1 or 48 kHz, get exact phases; others
/// use 1024 quantised phases, a timing error below 1/2048 of an input sample).
public struct Resampler: Sendable {
    /// Zero crossings of the sinc on each side, measured at the cutoff frequency.
    private static let zeroCrossings = 16
    /// Cutoff as a fraction of the lower of the two Nyquist frequencies.
    private static let cutoffFraction = 0.92
    private static let maxPhaseCount = 1024

    /// Input sample rate in Hz.
    public let inputRate: Int
    /// Output sample rate in Hz.
    public let outputRate: Int
    private let upFactor: Int  // L: output rate / gcd
    private let downFactor: Int  // M: input rate / gcd
    private let halfTaps: Int
    private let phaseCount: Int
    private let coefficients: [Float]  // phaseCount × (2 × halfTaps)

    private var buffer: [Float] = []
    private var bufferStart = 0  // absolute input index of buffer[0]
    private var inputCount = 0  // absolute input samples received
    private var nextOutput = 0  // absolute index of the next output sample

    /// Creates a resampler from `inputRate` to `outputRate` (16 kHz by default).
    public init(inputRate: Int, outputRate: Int = AudioSegment.sampleRate) {
        self.inputRate = inputRate
        self.outputRate = outputRate
        let divisor = Self.greatestCommonDivisor(inputRate, outputRate)
        upFactor = outputRate / divisor
        downFactor = inputRate / divisor
        if inputRate == outputRate {
            halfTaps = 0
            phaseCount = 1
            coefficients = []
            return
        }
        let cutoff = Self.cutoffFraction * min(1, Double(outputRate) / Double(inputRate))
        let halfWidth = Int((Double(Self.zeroCrossings) / cutoff).rounded(.up))
        halfTaps = halfWidth
        phaseCount = min(upFactor, Self.maxPhaseCount)
        coefficients = Self.makeCoefficients(phaseCount: phaseCount, halfTaps: halfWidth, cutoff: cutoff)
    }

    /// Resamples `input` (the next samples of the stream), appending every output sample whose input
    /// neighbourhood is complete to `output`.
    public mutating func process(_ input: [Float], into output: inout [Float]) {
        if halfTaps == 0 {
            output.append(contentsOf: input)
            inputCount += input.count
            return
        }
        buffer.append(contentsOf: input)
        inputCount += input.count
        produce(upTo: inputCount, into: &output)
    }

    /// Ends the stream: emits the remaining output samples, treating the audio after the end as silence.
    /// The total output length is `ceil(inputSamples × outputRate / inputRate)`.
    public mutating func finish(into output: inout [Float]) {
        guard halfTaps > 0 else { return }
        buffer.append(contentsOf: repeatElement(0, count: halfTaps + 1))
        let totalOutput = (inputCount * upFactor + downFactor - 1) / downFactor
        produce(upTo: inputCount + halfTaps + 1, limit: totalOutput, into: &output)
    }

    private mutating func produce(upTo availableEnd: Int, limit: Int = .max, into output: inout [Float]) {
        let width = 2 * halfTaps
        coefficients.withUnsafeBufferPointer { coefficients in
            while nextOutput < limit {
                let position = nextOutput * downFactor
                let (phase, carry) = phaseIndex(fractionNumerator: position % upFactor)
                let center = position / upFactor + carry
                guard center + halfTaps < availableEnd else { break }
                let first = center - halfTaps + 1
                var sum: Float = 0
                let kernel = coefficients.baseAddress! + phase * width
                for tap in 0..<width {
                    let index = first + tap - bufferStart
                    if index >= 0 { sum += kernel[tap] * buffer[index] }
                }
                output.append(sum)
                nextOutput += 1
            }
        }
        let keepFrom = (nextOutput * downFactor) / upFactor - halfTaps + 1
        if keepFrom > bufferStart {
            let drop = min(keepFrom - bufferStart, buffer.count)
            buffer.removeFirst(drop)
            bufferStart += drop
        }
    }

    /// The coefficient phase for an output whose input time is `center + fractionNumerator / L`. With
    /// quantised phases a fraction just below 1 rounds to a whole sample: phase 0 of the next input
    /// sample (`carry` 1), not phase 0 of this one.
    private func phaseIndex(fractionNumerator: Int) -> (phase: Int, carry: Int) {
        guard phaseCount != upFactor else { return (fractionNumerator, 0) }
        let rounded = (fractionNumerator * phaseCount + upFactor / 2) / upFactor
        return rounded == phaseCount ? (0, 1) : (rounded, 0)
    }

    private static func makeCoefficients(phaseCount: Int, halfTaps: Int, cutoff: Double) -> [Float] {
        let width = 2 * halfTaps
        var table = [Float](repeating: 0, count: phaseCount * width)
        for phase in 0..<phaseCount {
            let fraction = Double(phase) / Double(phaseCount)
            var row = [Double](repeating: 0, count: width)
            for tap in 0..<width {
                let x = Double(tap - halfTaps + 1) - fraction
                let u = cutoff * x
                let sinc = u == 0 ? 1 : sin(Double.pi * u) / (Double.pi * u)
                let w = x / Double(halfTaps)
                let window = abs(w) >= 1 ? 0 : 0.42 + 0.5 * cos(Double.pi * w) + 0.08 * cos(2 * Double.pi * w)
                row[tap] = sinc * window
            }
            let gain = row.reduce(0, +)
            for tap in 0..<width { table[phase * width + tap] = Float(row[tap] / gain) }
        }
        return table
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : greatestCommonDivisor(b, a % b)
    }
}
