import Foundation
import Testing

@testable import Audio2Face

@Suite struct ResamplerTests {
    private func resample(_ input: [Float], from rate: Int, chunk: Int? = nil) -> [Float] {
        var resampler = Resampler(inputRate: rate)
        var output: [Float] = []
        let step = chunk ?? max(1, input.count)
        for start in stride(from: 0, to: input.count, by: step) {
            resampler.process(Array(input[start..<min(start + step, input.count)]), into: &output)
        }
        resampler.finish(into: &output)
        return output
    }

    /// Amplitude of `frequency` in `signal` (16 kHz), by correlation with a quadrature pair.
    private func amplitude(of frequency: Double, in signal: [Float]) -> Double {
        var re = 0.0
        var im = 0.0
        for (index, sample) in signal.enumerated() {
            let phase = 2 * Double.pi * frequency * Double(index) / 16_000
            re += Double(sample) * cos(phase)
            im += Double(sample) * sin(phase)
        }
        return 2 * (re * re + im * im).squareRoot() / Double(signal.count)
    }

    @Test("output length is ceil(n × 16000 / rate)", arguments: [8_000, 11_025, 22_050, 44_100, 48_000, 47_999])
    func length(rate: Int) {
        let input = [Float](repeating: 0.1, count: 12_345)
        let expected = (12_345 * 16_000 + rate - 1) / rate
        #expect(resample(input, from: rate).count == expected)
    }

    @Test("a 1 kHz tone keeps its frequency and level", arguments: [8_000, 44_100, 48_000])
    func keepsTone(rate: Int) {
        let input = Signals.sine(frequency: 1_000, seconds: 1, sampleRate: rate)
        let output = resample(input, from: rate)
        let middle = Array(output[1_000..<15_000])
        #expect(abs(amplitude(of: 1_000, in: middle) - 0.5) < 0.01)
    }

    @Test("a tone above 8 kHz is removed instead of aliasing", arguments: [44_100, 48_000])
    func antiAliasing(rate: Int) {
        let input = Signals.sine(frequency: 12_000, seconds: 1, sampleRate: rate)
        let output = resample(input, from: rate)
        let middle = Array(output[1_000..<15_000])
        // Without filtering, 12 kHz would fold to 4 kHz at full level.
        #expect(amplitude(of: 4_000, in: middle) < 0.005)
    }

    @Test("chunked resampling equals whole-buffer resampling", arguments: [1, 7, 441, 1_000])
    func chunking(chunk: Int) {
        let input = Signals.sine(frequency: 440, seconds: 0.3, sampleRate: 44_100)
        let whole = resample(input, from: 44_100)
        let pieces = resample(input, from: 44_100, chunk: chunk)
        #expect(whole.count == pieces.count)
        #expect(zip(whole, pieces).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test(
        "with quantised phases (rates sharing little with 16 kHz) every output sits at its input time",
        arguments: [12_347, 47_999, 9_973])
    func quantisedPhasesStayOnTime(rate: Int) {
        let input = (0..<rate).map { Float(0.5 * sin(2 * Double.pi * 300 * Double($0) / Double(rate))) }
        let output = resample(input, from: rate)
        var worst = 0.0
        for index in 800..<(output.count - 800) {
            let expected = 0.5 * sin(2 * Double.pi * 300 * Double(index) / 16_000)
            worst = max(worst, abs(Double(output[index]) - expected))
        }
        #expect(worst < 0.005, "largest error \(worst) at \(rate) Hz")
    }

    @Test("16 kHz passes through unchanged")
    func passthrough() {
        let input = Signals.sine(frequency: 300, seconds: 0.1)
        #expect(resample(input, from: 16_000) == input)
    }
}
