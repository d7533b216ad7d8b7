import Foundation

/// Small numeric helpers shared by the built-in engine's stages.
enum BuiltinMath {
    /// `10·log10(10^(a/10) + 10^(b/10))`.
    @inline(__always)
    static func decibelSum(_ a: Float, _ b: Float) -> Float {
        let high = max(a, b)
        let low = min(a, b)
        return high + 10 * log10f(1 + powf(10, (low - high) / 10))
    }

    /// Hermite step: 0 at or before `from`, 1 at or after `to`, smooth in between; `from > to` gives a
    /// falling step.
    @inline(__always)
    static func smoothStep(_ value: Float, from edge0: Float, to edge1: Float) -> Float {
        let t = min(max((value - edge0) / (edge1 - edge0), 0), 1)
        return t * t * (3 - 2 * t)
    }

    /// `value` clamped to [0, 1].
    @inline(__always)
    static func unitClamp(_ value: Float) -> Float {
        value.isNaN ? 0 : min(max(value, 0), 1)
    }

    /// Power ratio in dB, floored at −120 dB.
    @inline(__always)
    static func decibels(_ power: Float) -> Float {
        10 * log10f(max(power, 1e-12))
    }

    /// `Σ a[i]·b[i]` for `i < count`, eight lanes at a time (the summation order is fixed, so results
    /// are reproducible).
    @inline(__always)
    static func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var index = 0
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        let stride = MemoryLayout<Float>.stride
        while index + 8 <= count {
            let x = rawA.loadUnaligned(fromByteOffset: index * stride, as: SIMD8<Float>.self)
            let y = rawB.loadUnaligned(fromByteOffset: index * stride, as: SIMD8<Float>.self)
            lanes += x * y
            index += 8
        }
        var total = lanes.sum()
        while index < count {
            total += a[index] * b[index]
            index += 1
        }
        return total
    }
}
