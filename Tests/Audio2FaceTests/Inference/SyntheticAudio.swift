import Foundation

/// Deterministic synthetic 16 kHz test signals for the built-in engine's tests.
enum SyntheticAudio {
    static let sampleRate = 16_000.0

    /// A steady vowel: an impulse train at `pitchHertz` through a cascade of two-pole formant
    /// resonators, scaled to RMS `rms`.
    static func vowel(
        formants: [Double], bandwidths: [Double] = [80, 100, 140], pitchHertz: Double = 120,
        seconds: Double, rms: Float = 0.1
    ) -> [Float] {
        let count = Int(seconds * sampleRate)
        let period = sampleRate / pitchHertz
        var signal = [Double](repeating: 0, count: count)
        var next = 0.0
        while Int(next) < count {
            signal[Int(next)] = 1
            next += period
        }
        for (index, frequency) in formants.enumerated() {
            let bandwidth = bandwidths[min(index, bandwidths.count - 1)]
            let radius = exp(-Double.pi * bandwidth / sampleRate)
            let a1 = -2 * radius * cos(2 * Double.pi * frequency / sampleRate)
            let a2 = radius * radius
            let gain = 1 + a1 + a2
            var y1 = 0.0
            var y2 = 0.0
            for sample in 0..<count {
                let y = gain * signal[sample] - a1 * y1 - a2 * y2
                y2 = y1
                y1 = y
                signal[sample] = y
            }
        }
        return scaled(signal.map { Float($0) }, toRMS: rms)
    }

    /// Gaussian-ish white noise (sum of uniforms) with RMS `rms`, reproducible from `seed`.
    static func whiteNoise(rms: Float, seconds: Double, seed: UInt64 = 1) -> [Float] {
        var generator = BuiltinTestRandom(seed: seed)
        let count = Int(seconds * sampleRate)
        let noise = (0..<count).map { _ in
            (0..<4).reduce(Float(0)) { total, _ in total + Float.random(in: -1...1, using: &generator) }
        }
        return scaled(noise, toRMS: rms)
    }

    /// A sine at `hertz` with peak `amplitude`.
    static func tone(hertz: Double, amplitude: Float, seconds: Double) -> [Float] {
        (0..<Int(seconds * sampleRate)).map { amplitude * Float(sin(2 * Double.pi * hertz * Double($0) / sampleRate)) }
    }

    /// RMS in linear units for a level in dBFS.
    static func rms(decibels: Float) -> Float { powf(10, decibels / 20) }

    static func scaled(_ signal: [Float], toRMS rms: Float) -> [Float] {
        let current = (signal.reduce(Float(0)) { $0 + $1 * $1 } / Float(max(signal.count, 1))).squareRoot()
        guard current > 0 else { return signal }
        return signal.map { $0 * rms / current }
    }
}

/// SplitMix64, so random test data is the same on every run and platform.
struct BuiltinTestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
