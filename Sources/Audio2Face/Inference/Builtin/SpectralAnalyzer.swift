import Foundation

/// Measures one 20 ms frame of 16 kHz speech: its level, five band energies from a 512-point FFT, and
/// the first two formants from a 16th-order LPC envelope.
///
/// Tables (window, FFT twiddles, LPC envelope grid) are immutable and shared between copies; the
/// scratch buffers are per copy, so each stream owns one analyzer and analysing allocates nothing.
struct SpectralAnalyzer: Sendable {
    /// Samples per analysis frame (20 ms at 16 kHz).
    static let frameLength = 320
    /// FFT length (the frame zero-padded), giving 31.25 Hz bins.
    static let fftSize = 512
    /// LPC order for the formant envelope.
    static let lpcOrder = 16
    /// Pre-emphasis coefficient applied before LPC so the higher formants are not drowned by the low.
    private static let preEmphasis: Float = 0.97
    private static let binHertz = Float(AudioSegment.sampleRate) / Float(fftSize)
    /// Formant search grid: 62.5 Hz steps from 125 Hz to 4 kHz (peaks are refined by interpolation).
    private static let gridStepHertz: Float = 62.5
    private static let gridPoints = 2...64

    private let fft = RealFFT(size: fftSize)
    private let window: [Float]
    private let windowPower: Float
    private let lagWindow: [Double]
    /// `cos(ω_g·j)` and `sin(ω_g·j)` for grid point g and LPC coefficient j, row-major by g.
    private let gridCos: [Float]
    private let gridSin: [Float]
    private let bands: [Range<Int>]

    private var padded: [Float]
    private var power: [Float]
    private var real: [Float]
    private var imaginary: [Float]
    private var emphasized: [Float]
    private var autocorrelation: [Double]
    private var coefficients: [Double]
    private var previousCoefficients: [Double]
    private var coefficientsAsFloat: [Float]
    /// `|A(e^{iω})|²` on the grid: the LPC envelope's reciprocal (its minima are formant peaks).
    private var inverseEnvelope: [Float]

    init() {
        let length = Self.frameLength
        // Symmetric Hann without zero end points, so every one of the 320 samples counts.
        window = (0..<length).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0 + 1) / Double(length + 1))) }
        windowPower = window.reduce(0) { $0 + $1 * $1 }
        // Gaussian lag window: widens each LPC pole to at least ~40 Hz so peaks stay well-conditioned.
        lagWindow = (0...Self.lpcOrder).map { lag in
            let x = 2 * Double.pi * 40 / Double(AudioSegment.sampleRate) * Double(lag)
            return exp(-0.5 * x * x)
        }
        var cosines: [Float] = []
        var sines: [Float] = []
        for point in Self.gridPoints {
            let omega = 2 * Double.pi * Double(Float(point) * Self.gridStepHertz) / Double(AudioSegment.sampleRate)
            for j in 0...Self.lpcOrder {
                cosines.append(Float(cos(omega * Double(j))))
                sines.append(Float(sin(omega * Double(j))))
            }
        }
        gridCos = cosines
        gridSin = sines
        func bins(_ low: Float, _ high: Float) -> Range<Int> {
            Int((low / Self.binHertz).rounded(.up))..<Int((high / Self.binHertz).rounded(.up))
        }
        bands = [bins(80, 500), bins(500, 1000), bins(1000, 2000), bins(2000, 4000), bins(4000, 8000)]

        padded = [Float](repeating: 0, count: Self.fftSize)
        power = [Float](repeating: 0, count: fft.binCount)
        real = [Float](repeating: 0, count: fft.binCount)
        imaginary = [Float](repeating: 0, count: fft.binCount)
        emphasized = [Float](repeating: 0, count: length)
        autocorrelation = [Double](repeating: 0, count: Self.lpcOrder + 1)
        coefficients = [Double](repeating: 0, count: Self.lpcOrder + 1)
        previousCoefficients = [Double](repeating: 0, count: Self.lpcOrder + 1)
        coefficientsAsFloat = [Float](repeating: 0, count: Self.lpcOrder + 1)
        inverseEnvelope = [Float](repeating: 0, count: Self.gridPoints.count)
    }

    /// Analyses `frame` (exactly `frameLength` samples) into the level, band and formant fields of
    /// `features` (periodicity is left as it is).
    mutating func analyze(_ frame: UnsafeBufferPointer<Float>, into features: inout FrameFeatures) {
        precondition(frame.count == Self.frameLength)
        let meanSquare = windowAndMeasure(frame)
        features.levelDecibels = BuiltinMath.decibels(meanSquare)
        measureBands(into: &features)
        if meanSquare > 1e-11 {
            let (first, second) = formants(frame)
            features.firstFormantHertz = first
            features.secondFormantHertz = second
        } else {
            features.firstFormantHertz = 0
            features.secondFormantHertz = 0
        }
    }

    /// Windows the frame into the zero-padded FFT input and returns the window-normalised mean square.
    private mutating func windowAndMeasure(_ frame: UnsafeBufferPointer<Float>) -> Float {
        let length = Self.frameLength
        var energy: Float = 0
        window.withUnsafeBufferPointer { window in
            padded.withUnsafeMutableBufferPointer { padded in
                for index in 0..<length {
                    let value = frame[index] * window[index]
                    padded[index] = value
                    energy += value * value
                }
            }
        }
        return energy / windowPower
    }

    private mutating func measureBands(into features: inout FrameFeatures) {
        let fft = self.fft
        padded.withUnsafeBufferPointer { input in
            power.withUnsafeMutableBufferPointer { power in
                real.withUnsafeMutableBufferPointer { real in
                    imaginary.withUnsafeMutableBufferPointer { imaginary in
                        fft.powerSpectrum(input, into: power, real: real, imaginary: imaginary)
                    }
                }
            }
        }
        var sums: (Float, Float, Float, Float, Float) = (0, 0, 0, 0, 0)
        power.withUnsafeBufferPointer { power in
            func sum(_ range: Range<Int>) -> Float {
                var total: Float = 0
                for bin in range { total += power[bin] }
                return total
            }
            sums = (sum(bands[0]), sum(bands[1]), sum(bands[2]), sum(bands[3]), sum(bands[4]))
        }
        features.lowBandDecibels = BuiltinMath.decibels(sums.0)
        features.firstMidBandDecibels = BuiltinMath.decibels(sums.1)
        features.secondMidBandDecibels = BuiltinMath.decibels(sums.2)
        features.upperMidBandDecibels = BuiltinMath.decibels(sums.3)
        features.highBandDecibels = BuiltinMath.decibels(sums.4)
        features.totalBandDecibels = BuiltinMath.decibels(sums.0 + sums.1 + sums.2 + sums.3 + sums.4)
    }

    /// F1 and F2 in Hz: the first two peaks at or above 200 Hz of the LPC envelope of the
    /// pre-emphasised, windowed frame (0 where there is no such peak).
    private mutating func formants(_ frame: UnsafeBufferPointer<Float>) -> (Float, Float) {
        let length = Self.frameLength
        let order = Self.lpcOrder
        window.withUnsafeBufferPointer { window in
            emphasized.withUnsafeMutableBufferPointer { emphasized in
                emphasized[0] = frame[0] * window[0]
                for index in 1..<length {
                    emphasized[index] = (frame[index] - Self.preEmphasis * frame[index - 1]) * window[index]
                }
            }
        }
        emphasized.withUnsafeBufferPointer { signal in
            autocorrelation.withUnsafeMutableBufferPointer { correlation in
                let base = signal.baseAddress!
                for lag in 0...order {
                    let total = BuiltinMath.dotProduct(base + lag, base, count: length - lag)
                    correlation[lag] = Double(total) * lagWindow[lag]
                }
            }
        }
        guard autocorrelation[0] > 1e-12 else { return (0, 0) }
        autocorrelation[0] *= 1 + 1e-6
        solveLevinsonDurbin()
        for j in 0...order { coefficientsAsFloat[j] = Float(coefficients[j]) }
        let width = order + 1
        let gridCount = Self.gridPoints.count
        gridCos.withUnsafeBufferPointer { cosines in
            gridSin.withUnsafeBufferPointer { sines in
                coefficientsAsFloat.withUnsafeBufferPointer { a in
                    inverseEnvelope.withUnsafeMutableBufferPointer { inverse in
                        for point in 0..<gridCount {
                            let row = point * width
                            let re = BuiltinMath.dotProduct(a.baseAddress!, cosines.baseAddress! + row, count: width)
                            let im = BuiltinMath.dotProduct(a.baseAddress!, sines.baseAddress! + row, count: width)
                            inverse[point] = max(re * re + im * im, 1e-20)
                        }
                    }
                }
            }
        }

        // Envelope peaks are minima of |A|²; refine each with a parabola through the log values.
        var found: (Float, Float) = (0, 0)
        var count = 0
        let firstPoint = Float(Self.gridPoints.lowerBound)
        inverseEnvelope.withUnsafeBufferPointer { inverse in
            for point in 1..<(gridCount - 1) where count < 2 {
                let center = inverse[point]
                guard center < inverse[point - 1], center <= inverse[point + 1] else { continue }
                let left = -logf(inverse[point - 1])
                let middle = -logf(center)
                let right = -logf(inverse[point + 1])
                let curvature = left - 2 * middle + right
                let offset = curvature < 0 ? 0.5 * (left - right) / curvature : 0
                let hertz = (firstPoint + Float(point) + offset) * Self.gridStepHertz
                guard hertz >= 200 else { continue }
                if count == 0 { found.0 = hertz } else { found.1 = hertz }
                count += 1
            }
        }
        return found
    }

    /// Levinson–Durbin recursion: LPC polynomial `coefficients` (a₀ = 1) from `autocorrelation`.
    private mutating func solveLevinsonDurbin() {
        let order = Self.lpcOrder
        for j in 0...order { coefficients[j] = 0 }
        coefficients[0] = 1
        var error = autocorrelation[0]
        for step in 1...order {
            var accumulator = autocorrelation[step]
            for j in 1..<step { accumulator += coefficients[j] * autocorrelation[step - j] }
            let reflection = -accumulator / error
            for j in 0...order { previousCoefficients[j] = coefficients[j] }
            for j in 1..<step {
                coefficients[j] = previousCoefficients[j] + reflection * previousCoefficients[step - j]
            }
            coefficients[step] = reflection
            error *= 1 - reflection * reflection
            if error <= 0 { break }
        }
    }
}
