import Foundation
import Testing

@testable import Audio2Face

@Suite("RealFFT")
struct RealFFTTests {
    /// The transform's bins next to a direct O(N²) DFT in Double.
    static func compareWithDirectDFT(_ input: [Float], size: Int) -> Double {
        let fft = RealFFT(size: size)
        var real = [Float](repeating: 0, count: fft.binCount)
        var imaginary = [Float](repeating: 0, count: fft.binCount)
        input.withUnsafeBufferPointer { input in
            real.withUnsafeMutableBufferPointer { real in
                imaginary.withUnsafeMutableBufferPointer { imaginary in
                    fft.transform(input, real: real, imaginary: imaginary)
                }
            }
        }
        var worst = 0.0
        for bin in 0..<fft.binCount {
            var expectedReal = 0.0
            var expectedImaginary = 0.0
            for (index, value) in input.enumerated() {
                let angle = -2 * Double.pi * Double(bin * index) / Double(size)
                expectedReal += Double(value) * cos(angle)
                expectedImaginary += Double(value) * sin(angle)
            }
            worst = max(worst, abs(Double(real[bin]) - expectedReal), abs(Double(imaginary[bin]) - expectedImaginary))
        }
        return worst
    }

    @Test("matches a direct DFT on random input", arguments: [4, 8, 64, 512])
    func matchesDirectDFT(size: Int) {
        var generator = BuiltinTestRandom(seed: UInt64(size))
        let input = (0..<size).map { _ in Float.random(in: -1...1, using: &generator) }
        #expect(Self.compareWithDirectDFT(input, size: size) < 1e-4 * Double(size))
    }

    @Test("a cosine on bin 20 puts N/2 into that bin and nothing elsewhere")
    func pureTone() {
        let size = 512
        let input = (0..<size).map { Float(cos(2 * Double.pi * 20 * Double($0) / Double(size))) }
        let fft = RealFFT(size: size)
        var power = [Float](repeating: 0, count: fft.binCount)
        var real = power
        var imaginary = power
        input.withUnsafeBufferPointer { input in
            power.withUnsafeMutableBufferPointer { power in
                real.withUnsafeMutableBufferPointer { real in
                    imaginary.withUnsafeMutableBufferPointer { imaginary in
                        fft.powerSpectrum(input, into: power, real: real, imaginary: imaginary)
                    }
                }
            }
        }
        #expect(abs(power[20].squareRoot() - 256) < 0.01)
        #expect(power.enumerated().filter { $0.offset != 20 }.allSatisfy { $0.element < 1e-6 })
    }

    @Test("DC and Nyquist bins are real")
    func edgeBins() {
        let input: [Float] = [1, -1, 1, -1, 1, -1, 1, -1]
        #expect(Self.compareWithDirectDFT(input, size: 8) < 1e-5)
        #expect(Self.compareWithDirectDFT([Float](repeating: 0.5, count: 8), size: 8) < 1e-5)
    }
}
