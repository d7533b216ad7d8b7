import Audio2FaceTypes
import Foundation
import SwiftProtobuf

/// Translates between the seed's protobuf messages and ``WireClientMessage`` / ``StreamOutput``.
/// Protobuf types never leave this file's target.
public enum WireCodec {
    typealias Request = Audio2faceBlendshapeV1_Audio2FaceBlendshapeV1Request
    typealias Response = Audio2faceBlendshapeV1_Audio2FaceBlendshapeV1Response

    /// Decodes one binary WebSocket message from a client.
    public static func decodeClientMessage(_ bytes: [UInt8]) throws(StreamError) -> WireClientMessage {
        let request: Request
        do {
            request = try Request(serializedBytes: bytes)
        } catch {
            throw .protocolViolation(
                "message is not a valid Audio2FaceBlendshapeV1Request protobuf (\(bytes.count) bytes): \(error)")
        }
        switch request.className {
        case WireClassName.chunkStart:
            return .start(
                StreamStart(
                    requestID: request.requestID, sampleRate: Int(request.sampleRate),
                    sampleWidth: Int(request.sampleWidth), channelCount: Int(request.nChannels),
                    profileName: request.profileName, responseChunkFrames: Int(request.responseChunkNFrames)))
        case WireClassName.chunkBody:
            return .body(pcm: [UInt8](request.pcmBytes), offsetName: request.offsetName)
        case WireClassName.chunkEnd:
            return .end
        default:
            throw .protocolViolation(
                "unknown class_name '\(request.className.prefix(64))'; expected \(WireClassName.chunkStart), "
                    + "\(WireClassName.chunkBody) or \(WireClassName.chunkEnd)")
        }
    }

    /// Encodes a client message (used by our own client and tests).
    public static func encodeClientMessage(_ message: WireClientMessage) -> [UInt8] {
        var request = Request()
        switch message {
        case .start(let start):
            request.className = WireClassName.chunkStart
            request.requestID = start.requestID
            request.sampleRate = Int32(clamping: start.sampleRate)
            request.sampleWidth = Int32(clamping: start.sampleWidth)
            request.nChannels = Int32(clamping: start.channelCount)
            request.profileName = start.profileName
            request.responseChunkNFrames = Int32(clamping: start.responseChunkFrames)
        case .body(let pcm, let offsetName):
            request.className = WireClassName.chunkBody
            request.pcmBytes = Data(pcm)
            request.offsetName = offsetName
        case .end:
            request.className = WireClassName.chunkEnd
        }
        return serialized(request)
    }

    /// Encodes a stream output; the start announces `dtype` and frame values are written as
    /// little-endian `dtype`.
    public static func encodeServerMessage(_ output: StreamOutput, dtype: FrameDataType) -> [UInt8] {
        var response = Response()
        switch output {
        case .started(let channelNames):
            response.className = WireClassName.responseStart
            response.blendshapeNames = channelNames
            response.dtype = dtype.rawValue
        case .frames(let clip):
            response.className = WireClassName.responseBody
            response.data = FrameEncoding.encode(clip.values, as: dtype)
        case .ended:
            response.className = WireClassName.responseEnd
        }
        return serialized(response)
    }

    /// Decodes a server message (used by our own client and tests). Body frames come back with the
    /// given channel names; `dtype` is the one announced in the start message.
    public static func decodeServerMessage(
        _ bytes: [UInt8], channelNames: [String], dtype: FrameDataType, startFrame: Int
    ) throws(StreamError) -> WireServerMessage {
        let response: Response
        do {
            response = try Response(serializedBytes: bytes)
        } catch {
            throw .protocolViolation("message is not a valid Audio2FaceBlendshapeV1Response protobuf: \(error)")
        }
        switch response.className {
        case WireClassName.responseStart:
            guard let announced = FrameDataType(rawValue: response.dtype) else {
                throw .protocolViolation("unknown dtype '\(response.dtype)'")
            }
            return .start(channelNames: response.blendshapeNames, dtype: announced)
        case WireClassName.responseBody:
            let values = FrameEncoding.decode(response.data, as: dtype)
            guard !channelNames.isEmpty, values.count % channelNames.count == 0 else {
                throw .protocolViolation(
                    "body holds \(values.count) values, not a whole number of \(channelNames.count)-wide frames")
            }
            return .body(FaceClip(channelNames: channelNames, values: values, startFrame: startFrame))
        case WireClassName.responseEnd:
            return .end
        default:
            throw .protocolViolation("unknown response class_name '\(response.className.prefix(64))'")
        }
    }

    private static func serialized(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        // Serialising a message with only scalar, string and bytes fields cannot fail.
        (try? message.serializedBytes()) ?? []
    }
}
