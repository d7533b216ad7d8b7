import Foundation

/// Measures periodicity (voicing) of the last 40 ms of speech: the signal is low-passed at 900 Hz
/// (4th-order Butterworth), decimated to 4 kHz, and the best normalised autocorrelation over pitch
/// lags for 80–400 Hz is reported.
///
/// It consumes the raw 16 kHz samples one analysis hop at a time and keeps its filter and history, so
/// the result does not depend on how the stream was cut into segments.
struct VoicingDetector: Sendable {
    /// Decimation factor from 16 kHz.
    static let decimation = 4
    /// Decimated samples analysed per hop: the 40 ms ending where the hop's analysis frame ends.
    static let historyLength = 160
    /// Pitch lags at 4 kHz: 10 (400 Hz) … 50 (80 Hz).
    private static let lags = 10...50

    /// Two biquad sections (b0, b1, b2, a1, a2), transposed direct form II.
    private let sections: [(Float, Float, Float, Float, Float)]
    private var state0: Float = 0
    private var state1: Float = 0
    private var state2: Float = 0
    private var state3: Float = 0
    private var phase = 0
    private var history: [Float]
    private var historyFill = 0
    private var squares: [Float]

    init() {
        let sampleRate = Double(AudioSegment.sampleRate)
        let omega = 2 * Double.pi * 900 / sampleRate
        sections = [0.541_196_1, 1.306_563].map { quality in
            let alpha = sin(omega) / (2 * quality)
            let cosine = cos(omega)
            let a0 = 1 + alpha
            let b0 = (1 - cosine) / 2 / a0
            return (Float(b0), Float(2 * b0), Float(b0), Float(-2 * cosine / a0), Float((1 - alpha) / a0))
        }
        history = [Float](repeating: 0, count: Self.historyLength)
        squares = [Float](repeating: 0, count: Self.historyLength + 1)
    }

    /// Filters and decimates `samples`, keeping the last `historyLength` decimated values.
    mutating func push(_ samples: UnsafeBufferPointer<Float>) {
        let (b0, b1, b2, a1, a2) = sections[0]
        let (c0, c1, c2, d1, d2) = sections[1]
        var s0 = state0
        var s1 = state1
        var t0 = state2
        var t1 = state3
        let capacity = Self.historyLength
        history.withUnsafeMutableBufferPointer { history in
            for sample in samples {
                let y = b0 * sample + s0
                s0 = b1 * sample - a1 * y + s1
                s1 = b2 * sample - a2 * y
                let z = c0 * y + t0
                t0 = c1 * y - d1 * z + t1
                t1 = c2 * y - d2 * z
                if phase == 0 {
                    if historyFill == capacity {
                        historyFill = Self.compact(history)
                    }
                    history[historyFill] = z
                    historyFill += 1
                }
                phase = (phase + 1) % Self.decimation
            }
        }
        // Flush a ringing-out filter to exact zero before it reaches subnormal floats (which are slow);
        // from 1e-15 the state cannot get there within one hop.
        state0 = abs(s0) < 1e-15 ? 0 : s0
        state1 = abs(s1) < 1e-15 ? 0 : s1
        state2 = abs(t0) < 1e-15 ? 0 : t0
        state3 = abs(t1) < 1e-15 ? 0 : t1
    }

    /// Drops the oldest quarter of a full history (one hop's worth of decimated samples), returning the
    /// new fill; with 160 raw samples pushed per hop the history is exactly full at every hop.
    private static func compact(_ history: UnsafeMutableBufferPointer<Float>) -> Int {
        let drop = historyLength / 4
        for index in drop..<historyLength { history[index - drop] = history[index] }
        return historyLength - drop
    }

    /// Periodicity in [0, 1] of the current history (0 for silence). Before `historyLength` decimated
    /// samples have arrived, the missing start counts as silence.
    mutating func periodicity() -> Float {
        let length = Self.historyLength
        let fill = historyFill
        let lags = Self.lags
        return history.withUnsafeBufferPointer { history in
            squares.withUnsafeMutableBufferPointer { squares in
                // The window is the last `length` values, with leading zeros while the history fills.
                let missing = length - fill
                squares[0] = 0
                for index in 0..<length {
                    let value = index < missing ? 0 : history[index - missing]
                    squares[index + 1] = squares[index] + value * value
                }
                let total = squares[length]
                guard total > 1e-10 else { return 0 }
                var best: Float = 0
                let values = history.baseAddress!
                for lag in lags where missing + lag < length {
                    // Pairs (i, i + lag) of real samples: i from `missing` to `length − lag`.
                    let cross = BuiltinMath.dotProduct(values, values + lag, count: length - lag - missing)
                    let head = squares[length - lag]
                    let tail = squares[length] - squares[lag]
                    let denominator = (head * tail).squareRoot()
                    if denominator > 1e-12 { best = max(best, cross / denominator) }
                }
                return min(max(best, 0), 1)
            }
        }
    }
}
