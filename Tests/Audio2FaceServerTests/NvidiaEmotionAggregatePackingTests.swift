import NvidiaA2FProtocol
import SwiftProtobuf
import Testing

@testable import Audio2FaceServer

/// The `emotion_aggregate` the gRPC sink sends, packed from bytes serialized once: what a client unpacks
/// is what `Any(message:)` would have carried, under the same type URL, byte for byte.
@Suite struct NvidiaEmotionAggregatePackingTests {
    static let aggregate = NvidiaEmotionAggregate.with {
        $0.inputEmotions = [
            NvidiaEmotionWithTimeCode.with {
                $0.timeCode = 0.5
                $0.emotion = ["joy": 0.8]
            }
        ]
        $0.a2FSmoothedOutput = (0..<3).map { frame in
            NvidiaEmotionWithTimeCode.with {
                $0.timeCode = Double(frame) / 30
                $0.emotion = ["joy": 0.25 * Float(frame), "anger": 0, "amazement": 0.1]
            }
        }
    }

    @Test("packed bytes unpack to the same aggregate, under Any(message:)'s type URL and with its bytes")
    func packedLikeAnyMessage() throws {
        let packed = try NvidiaFrameSink.packed(Self.aggregate)
        let reference = try Google_Protobuf_Any(message: Self.aggregate)
        #expect(packed.typeURL == reference.typeURL)
        #expect(try NvidiaEmotionAggregate(unpackingAny: packed) == Self.aggregate)
        #expect(try packed.serializedBytes() as [UInt8] == reference.serializedBytes())
    }
}
