import Foundation

@testable import Audio2Face

/// Synthetic test signals.
enum Signals {
    /// A sine of `frequency` Hz, `seconds` long, peak `amplitude`.
    static func sine(frequency: Double, seconds: Double, sampleRate: Int = 16_000, amplitude: Float = 0.5) -> [Float] {
        (0..<Int(seconds * Double(sampleRate))).map {
            amplitude * Float(sin(2 * Double.pi * frequency * Double($0) / Double(sampleRate)))
        }
    }

    /// `count` zeros.
    static func silence(seconds: Double, sampleRate: Int = 16_000) -> [Float] {
        [Float](repeating: 0, count: Int(seconds * Double(sampleRate)))
    }

    /// Little-endian signed 16-bit bytes of `samples`.
    static func int16Bytes(_ samples: [Float]) -> [UInt8] {
        samples.flatMap { sample -> [UInt8] in
            let value = Int16(max(-32_768, min(32_767, (sample * 32_768).rounded())))
            return [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
        }
    }
}
