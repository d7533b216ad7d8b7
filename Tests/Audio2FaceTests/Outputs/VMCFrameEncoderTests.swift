import Testing

@testable import Audio2Face

@Suite struct VMCFrameEncoderTests {
    @Test("one bundle per frame: a value per channel in channel order, then apply")
    func frameBundle() {
        let encoder = VMCFrameEncoder(channelNames: ["A", "B"])
        let values: [Float] = [9, 9, 0.25, 1]
        let datagram = encoder.datagram(frameIndex: 1, values: values[2..<4])
        let value = Array("/VMC/Ext/Blend/Val".utf8) + [0, 0] + Array(",sf".utf8) + [0]
        let expected =
            Array("#bundle".utf8) + [0] + [0, 0, 0, 0, 0, 0, 0, 1]
            + [0, 0, 0, 32] + value + Array("A".utf8) + [0, 0, 0] + [0x3E, 0x80, 0, 0]
            + [0, 0, 0, 32] + value + Array("B".utf8) + [0, 0, 0] + [0x3F, 0x80, 0, 0]
            + [0, 0, 0, 28] + Array("/VMC/Ext/Blend/Apply".utf8) + [0, 0, 0, 0] + Array(",".utf8) + [0, 0, 0]
        #expect(datagram == expected)
    }
}
