import Foundation
import Testing

@testable import Audio2Face

@Suite("MotionSmoother")
struct MotionSmootherTests {
    static func run(_ smoother: inout MotionSmoother, toward value: Float, hops: Int, isClosing: Bool = false) {
        var target = [Float](repeating: 0, count: ArkitChannel.poseWidth)
        for channel in ArkitChannel.driven { target[channel] = value }
        target.withUnsafeBufferPointer { target in
            for _ in 0..<hops { smoother.step(toward: target, isClosing: isClosing) }
        }
    }

    @Test("rises with the attack time, falls with the release time, faster while closing")
    func timeConstants() {
        var smoother = MotionSmoother(config: BuiltinEngineConfig())
        let jaw = ArkitChannel.jawOpen
        Self.run(&smoother, toward: 1, hops: 1)
        let afterOneRise = smoother.pose[jaw]
        #expect(abs(afterOneRise - (1 - expf(-1))) < 1e-4, "10 ms attack: one hop covers 1 − 1/e")
        Self.run(&smoother, toward: 1, hops: 30)
        #expect(smoother.pose[jaw] > 0.999)
        var closing = smoother
        Self.run(&smoother, toward: 0, hops: 1)
        Self.run(&closing, toward: 0, hops: 1, isClosing: true)
        #expect(abs(smoother.pose[jaw] - expf(-1.0 / 3)) < 1e-4, "30 ms release")
        #expect(closing.pose[jaw] < smoother.pose[jaw], "closure release is faster")
    }

    @Test("brows move more slowly than the mouth")
    func browsAreSlower() {
        var smoother = MotionSmoother(config: BuiltinEngineConfig())
        Self.run(&smoother, toward: 1, hops: 3)
        #expect(smoother.pose[ArkitChannel.browInnerUp] < smoother.pose[ArkitChannel.jawOpen])
    }

    @Test("undriven channels (eyes) stay 0")
    func undrivenChannels() {
        var smoother = MotionSmoother(config: BuiltinEngineConfig())
        var target = [Float](repeating: 1, count: ArkitChannel.poseWidth)
        target.withUnsafeBufferPointer { smoother.step(toward: $0, isClosing: false) }
        target[0] = 0
        let eyes = BlendshapeNames.arkit51.indices.filter { BlendshapeNames.arkit51[$0].hasPrefix("Eye") }
        #expect(eyes.allSatisfy { smoother.pose[$0] == 0 })
    }
}
