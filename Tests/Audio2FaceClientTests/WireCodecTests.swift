import Audio2FaceClient
import Audio2FaceTypes
import Foundation
import Testing

@Suite struct WireCodecTests {
    @Test("client messages round-trip through protobuf")
    func clientRoundTrip() throws {
        let messages: [WireClientMessage] = [
            .start(
                StreamStart(
                    requestID: "r1", sampleRate: 44_100, sampleWidth: 4, channelCount: 2, profileName: "mmd-default",
                    responseChunkFrames: 7)),
            .body(pcm: [1, 2, 3], offsetName: "happiness_2"),
            .end,
        ]
        for message in messages {
            #expect(try WireCodec.decodeClientMessage(WireCodec.encodeClientMessage(message)) == message)
        }
    }

    @Test("body frames are row-major little-endian float16 by default")
    func float16Body() throws {
        let clip = FaceClip(channelNames: ["A", "B"], values: [0.5, 1, 0.25, 0])
        let bytes = WireCodec.encodeServerMessage(.frames(clip), dtype: .float16)
        let decoded = try WireCodec.decodeServerMessage(
            bytes, channelNames: ["A", "B"], dtype: .float16, startFrame: 0)
        #expect(decoded == .body(clip))
        // 0.5 in float16 is 0x3800, little-endian 00 38.
        #expect(FrameEncoding.encode([0.5], as: .float16) == Data([0x00, 0x38]))
    }

    @Test("the start response carries names and the dtype the bodies are encoded with")
    func startResponse() throws {
        let bytes = WireCodec.encodeServerMessage(.started(channelNames: ["X"]), dtype: .float32)
        #expect(
            try WireCodec.decodeServerMessage(bytes, channelNames: [], dtype: .float16, startFrame: 0)
                == .start(channelNames: ["X"], dtype: .float32))
    }

    @Test("a body with an offset_name stands for an emotion event followed by its audio")
    func bodyEvents() {
        #expect(
            WireClientMessage.body(pcm: [1, 2], offsetName: "happiness_2").events == [
                .emotion("happiness_2"), .audio([1, 2]),
            ])
        #expect(WireClientMessage.body(pcm: [1, 2], offsetName: "").events == [.audio([1, 2])])
        #expect(WireClientMessage.end.events == [.end])
    }
}
