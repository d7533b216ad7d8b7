import Testing

@testable import Audio2Face

@Suite struct LiveLinkFaceEncoderTests {
    private let deviceID = "0123456789abcdef0123456789abcdef0123"

    @Test("header: version 6, length-prefixed device id and subject, frame number, sub-frame 0, rate 30/1, count 61")
    func header() {
        let encoder = LiveLinkFaceEncoder(
            channelNames: ["JawOpen"], subjectName: "Sb", deviceID: deviceID, framesPerSecond: 30)
        let bytes = encoder.datagram(frameIndex: 258, values: [0.5])
        let expectedHeader: [UInt8] =
            [6, 0, 0, 0, 36] + Array(deviceID.utf8) + [0, 0, 0, 2] + Array("Sb".utf8)
            + [0, 0, 1, 2] + [0, 0, 0, 0] + [0, 0, 0, 30] + [0, 0, 0, 1] + [61]
        #expect(Array(bytes.prefix(expectedHeader.count)) == expectedHeader)
        #expect(bytes.count == expectedHeader.count + 61 * 4)
    }

    @Test(
        "values sit in Live Link Face order; channels the stream lacks are 0, channels outside the order are not sent")
    func valueOrder() {
        let encoder = LiveLinkFaceEncoder(
            channelNames: ["Extra", "JawOpen", "EyeBlinkLeft", "TongueOut"], subjectName: "S", deviceID: deviceID,
            framesPerSecond: 30)
        let bytes = encoder.datagram(frameIndex: 0, values: [7, 0.5, 1, 0.25])
        let valuesStart = bytes.count - 61 * 4
        func slot(_ index: Int) -> [UInt8] { Array(bytes[(valuesStart + 4 * index)..<(valuesStart + 4 * index + 4)]) }
        #expect(slot(0) == [0x3F, 0x80, 0, 0])  // EyeBlinkLeft = 1
        #expect(slot(17) == [0x3F, 0, 0, 0])  // JawOpen = 0.5
        #expect(slot(51) == [0x3E, 0x80, 0, 0])  // TongueOut = 0.25
        let others = (0..<61).filter { ![0, 17, 51].contains($0) }
        #expect(others.allSatisfy { slot($0) == [0, 0, 0, 0] })
    }

    @Test("the order lists ARKit's 52 shapes, then head and eye rotations")
    func order() {
        #expect(LiveLinkFaceEncoder.channelOrder.count == 61)
        #expect(Set(LiveLinkFaceEncoder.channelOrder.prefix(52)) == BlendshapeNames.arkit52)
        #expect(LiveLinkFaceEncoder.channelOrder[52] == "HeadYaw")
    }
}
