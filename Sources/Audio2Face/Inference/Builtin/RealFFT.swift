import Foundation

/// A radix-2 FFT of real input: an `N`-point real transform computed as an `N/2`-point complex FFT of
/// the even/odd samples packed into real/imaginary parts, then split into the `N/2 + 1` spectrum bins.
///
/// The value holds only precomputed, immutable tables (bit-reversal order and twiddle factors), so one
/// instance can be copied into every stream for free; the caller supplies the working buffers, which
/// keeps the transform free of heap allocations.
struct RealFFT: Sendable {
    /// Number of real input samples (a power of two, at least 4).
    let size: Int
    /// Size of the inner complex FFT, `size / 2`.
    private let complexSize: Int
    /// `bitReversed[i]` is the position input `i` takes before the butterflies.
    private let bitReversed: [Int32]
    /// `e^{-2πij/complexSize}` for j in `0..<complexSize/2`, as cosine and negated sine.
    private let twiddleCos: [Float]
    private let twiddleSin: [Float]
    /// `e^{-2πik/size}` for k in `0..<complexSize`, used to split the packed transform.
    private let splitCos: [Float]
    private let splitSin: [Float]

    /// Number of output bins, `size / 2 + 1` (DC through Nyquist).
    var binCount: Int { complexSize + 1 }

    /// Creates the tables for `size`-point transforms.
    init(size: Int) {
        precondition(size >= 4 && size & (size - 1) == 0, "RealFFT size \(size) is not a power of two ≥ 4")
        self.size = size
        let complexSize = size / 2
        self.complexSize = complexSize
        let bits = complexSize.trailingZeroBitCount
        bitReversed = (0..<complexSize).map { index in
            var reversed = 0
            for bit in 0..<bits where index & (1 << bit) != 0 {
                reversed |= 1 << (bits - 1 - bit)
            }
            return Int32(reversed)
        }
        twiddleCos = (0..<max(1, complexSize / 2)).map { Float(cos(2 * Double.pi * Double($0) / Double(complexSize))) }
        twiddleSin = (0..<max(1, complexSize / 2)).map { Float(-sin(2 * Double.pi * Double($0) / Double(complexSize))) }
        splitCos = (0..<complexSize).map { Float(cos(2 * Double.pi * Double($0) / Double(size))) }
        splitSin = (0..<complexSize).map { Float(-sin(2 * Double.pi * Double($0) / Double(size))) }
    }

    /// Transforms `input` (`size` samples) into bins `0...size/2`: `real[k] + i·imaginary[k]` is
    /// `Σₙ input[n]·e^{-2πikn/size}`. Both outputs need room for `binCount` values.
    func transform(
        _ input: UnsafeBufferPointer<Float>,
        real: UnsafeMutableBufferPointer<Float>,
        imaginary: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(input.count >= size && real.count >= binCount && imaginary.count >= binCount)
        let m = complexSize
        // Pack even samples as real parts and odd samples as imaginary parts, in bit-reversed order.
        bitReversed.withUnsafeBufferPointer { order in
            for index in 0..<m {
                let target = Int(order[index])
                real[target] = input[2 * index]
                imaginary[target] = input[2 * index + 1]
            }
        }
        butterflies(real: real, imaginary: imaginary)
        split(real: real, imaginary: imaginary)
    }

    /// Power spectrum `|X[k]|²` of `input` into `power` (`binCount` values), using `real` and
    /// `imaginary` (each `binCount` long) as scratch.
    func powerSpectrum(
        _ input: UnsafeBufferPointer<Float>,
        into power: UnsafeMutableBufferPointer<Float>,
        real: UnsafeMutableBufferPointer<Float>,
        imaginary: UnsafeMutableBufferPointer<Float>
    ) {
        transform(input, real: real, imaginary: imaginary)
        for bin in 0..<binCount {
            power[bin] = real[bin] * real[bin] + imaginary[bin] * imaginary[bin]
        }
    }

    /// In-place iterative radix-2 decimation-in-time butterflies on bit-reversed data.
    private func butterflies(real: UnsafeMutableBufferPointer<Float>, imaginary: UnsafeMutableBufferPointer<Float>) {
        let m = complexSize
        twiddleCos.withUnsafeBufferPointer { cosines in
            twiddleSin.withUnsafeBufferPointer { sines in
                var span = 2
                while span <= m {
                    let half = span / 2
                    let stride = m / span
                    var start = 0
                    while start < m {
                        for offset in 0..<half {
                            let wr = cosines[offset * stride]
                            let wi = sines[offset * stride]
                            let top = start + offset
                            let bottom = top + half
                            let br = real[bottom] * wr - imaginary[bottom] * wi
                            let bi = real[bottom] * wi + imaginary[bottom] * wr
                            let tr = real[top]
                            let ti = imaginary[top]
                            real[top] = tr + br
                            imaginary[top] = ti + bi
                            real[bottom] = tr - br
                            imaginary[bottom] = ti - bi
                        }
                        start += span
                    }
                    span *= 2
                }
            }
        }
    }

    /// Turns the packed complex transform `Z` into the real input's spectrum `X`, in place:
    /// `X[k] = E + W^k·O` and `X[m-k] = conj(E − W^k·O)` with `E = (Z[k] + conj Z[m-k]) / 2`,
    /// `O = (Z[k] − conj Z[m-k]) / 2i`, `W = e^{-2πi/size}`.
    private func split(real: UnsafeMutableBufferPointer<Float>, imaginary: UnsafeMutableBufferPointer<Float>) {
        let m = complexSize
        let dcReal = real[0]
        let dcImaginary = imaginary[0]
        real[0] = dcReal + dcImaginary
        imaginary[0] = 0
        real[m] = dcReal - dcImaginary
        imaginary[m] = 0
        splitCos.withUnsafeBufferPointer { cosines in
            splitSin.withUnsafeBufferPointer { sines in
                var k = 1
                while k <= m / 2 {
                    let a = real[k]
                    let b = imaginary[k]
                    let c = real[m - k]
                    let d = imaginary[m - k]
                    let er = 0.5 * (a + c)
                    let ei = 0.5 * (b - d)
                    let or = 0.5 * (b + d)
                    let oi = -0.5 * (a - c)
                    let wr = cosines[k]
                    let wi = sines[k]
                    let pr = wr * or - wi * oi
                    let pi = wr * oi + wi * or
                    real[k] = er + pr
                    imaginary[k] = ei + pi
                    real[m - k] = er - pr
                    imaginary[m - k] = -(ei - pi)
                    k += 1
                }
            }
        }
    }
}
