import Audio2FaceClient
import Audio2FaceTypes
import Foundation
import Testing

/// The JavaScript client (clients/js/) is tested against clients/js/test/vectors.json: messages of every
/// kind with the exact bytes our Swift codec writes for them. This suite rebuilds the vectors from
/// ``WireCodec`` and fails when the committed file differs, so the two codecs cannot drift apart
/// unnoticed. `A2F_WRITE_JS_VECTORS=1 swift test --skip-build --filter JSVectorTests` rewrites the file.
@Suite struct JSVectorTests {
    /// The file's layout; the JavaScript tests read the same keys.
    struct VectorFile: Codable, Equatable {
        var about: String
        var requests: [RequestVector]
        var responses: [ResponseVector]
    }

    /// A client message: its fields (protobuf's JSON names, every field, defaults included) and bytes.
    struct RequestVector: Codable, Equatable {
        struct Fields: Codable, Equatable {
            var className: String
            var requestId = ""
            var sampleRate = 0
            var sampleWidth = 0
            var nChannels = 0
            var profileName = ""
            var offsetName = ""
            var responseChunkNFrames = 0
            /// Lowercase hex.
            var pcmBytes = ""
        }
        var name: String
        var message: Fields
        /// The encoded message, lowercase hex.
        var bytes: String
    }

    /// A server message: its fields, bytes, and for bodies the frame values the data stands for.
    struct ResponseVector: Codable, Equatable {
        struct Fields: Codable, Equatable {
            var className: String
            var blendshapeNames: [String] = []
            var dtype = ""
            /// Lowercase hex.
            var data = ""
        }
        /// A body's values: what was encoded (`input`) and what decoding the data gives back (`values`,
        /// and exactly as float32 bit patterns in `float32Bits`).
        struct Frames: Codable, Equatable {
            var dtype: String
            var channelCount: Int
            var frameCount: Int
            var input: [Float]
            var values: [Float]
            var float32Bits: [UInt32]
        }
        var name: String
        var message: Fields
        var bytes: String
        var frames: Frames?
    }

    static let relativePath = "clients/js/test/vectors.json"

    /// Values that exercise float16 and float32 at their edges: signed zeros, rounding, the largest
    /// finite half, overflow to infinity, half and single subnormals, underflow to zero, NaN.
    static let edgeValues: [Float] = [
        0, -0.0, 1, -1, 0.5, 1.5, 0.1, -0.333_333_34, 65_504, 65_520, 1e-7, 6e-8, 1e-9, .infinity, -.infinity,
        .nan, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 0.999_999_94,
    ]

    static func requestVectors() -> [RequestVector] {
        let cases: [(String, WireClientMessage)] = [
            (
                "start-typical",
                .start(
                    StreamStart(
                        requestID: "req-1", sampleRate: 16_000, sampleWidth: 2, channelCount: 1,
                        profileName: "arkit-default", responseChunkFrames: 0))
            ),
            (
                "start-every-field-unicode-profile",
                .start(
                    StreamStart(
                        requestID: "ид-😀", sampleRate: 48_000, sampleWidth: 4, channelCount: 2,
                        profileName: "プロファイル-ü", responseChunkFrames: 7))
            ),
            (
                "start-all-defaults",
                .start(
                    StreamStart(
                        requestID: "", sampleRate: 0, sampleWidth: 0, channelCount: 0, profileName: "",
                        responseChunkFrames: 0))
            ),
            (
                "start-int32-extremes",
                .start(
                    StreamStart(
                        requestID: "x", sampleRate: 2_147_483_647, sampleWidth: -1, channelCount: 1,
                        profileName: "", responseChunkFrames: -2_147_483_648))
            ),
            ("body-pcm-and-emotion", .body(pcm: [0x00, 0xFF, 0x80, 0x7F, 0x01, 0x00], offsetName: "happiness_2")),
            ("body-emotion-only", .body(pcm: [], offsetName: "neutral")),
            ("body-300-bytes", .body(pcm: (0..<300).map { UInt8($0 % 256) }, offsetName: "")),
            ("body-empty", .body(pcm: [], offsetName: "")),
            ("end", .end),
        ]
        return cases.map { name, message in
            RequestVector(name: name, message: fields(of: message), bytes: hex(WireCodec.encodeClientMessage(message)))
        }
    }

    static func fields(of message: WireClientMessage) -> RequestVector.Fields {
        switch message {
        case .start(let start):
            RequestVector.Fields(
                className: WireClassName.chunkStart, requestId: start.requestID, sampleRate: start.sampleRate,
                sampleWidth: start.sampleWidth, nChannels: start.channelCount, profileName: start.profileName,
                responseChunkNFrames: start.responseChunkFrames)
        case .body(let pcm, let offsetName):
            RequestVector.Fields(className: WireClassName.chunkBody, offsetName: offsetName, pcmBytes: hex(pcm))
        case .end:
            RequestVector.Fields(className: WireClassName.chunkEnd)
        }
    }

    static func responseVectors() throws -> [ResponseVector] {
        var vectors: [ResponseVector] = []
        let starts: [(String, [String], FrameDataType)] = [
            ("start-float16", ["JawOpen", "MouthClose", "EyeBlinkLeft"], .float16),
            ("start-float32-unicode-names", ["あ", "口角_上", "Brow😀"], .float32),
            ("start-no-names", [], .float16),
        ]
        for (name, channelNames, dtype) in starts {
            vectors.append(
                ResponseVector(
                    name: name,
                    message: .init(
                        className: WireClassName.responseStart, blendshapeNames: channelNames, dtype: dtype.rawValue),
                    bytes: hex(WireCodec.encodeServerMessage(.started(channelNames: channelNames), dtype: dtype))))
        }
        let bodies: [(String, [String], [Float], FrameDataType)] = [
            ("body-float16-edges", ["JawOpen", "MouthClose"], edgeValues, .float16),
            ("body-float32-edges", ["JawOpen", "MouthClose"], edgeValues, .float32),
            (
                "body-float16-frames", ["JawOpen", "MouthClose", "EyeBlinkLeft"], [0.25, 0, 1, 0.75, 0.125, 0], .float16
            ),
            ("body-float32-empty", ["JawOpen"], [], .float32),
        ]
        for (name, channelNames, input, dtype) in bodies {
            let bytes = WireCodec.encodeServerMessage(
                .frames(FaceClip(channelNames: channelNames, values: input)), dtype: dtype)
            guard
                case .body(let clip) = try WireCodec.decodeServerMessage(
                    bytes, channelNames: channelNames, dtype: dtype, startFrame: 0)
            else {
                Issue.record("\(name) did not decode as a body")
                continue
            }
            vectors.append(
                ResponseVector(
                    name: name,
                    message: .init(
                        className: WireClassName.responseBody,
                        data: hex(FrameEncoding.encode(input, as: dtype))),
                    bytes: hex(bytes),
                    frames: .init(
                        dtype: dtype.rawValue, channelCount: channelNames.count, frameCount: clip.frameCount,
                        input: input, values: clip.values, float32Bits: clip.values.map(\.bitPattern))))
        }
        vectors.append(
            ResponseVector(
                name: "end", message: .init(className: WireClassName.responseEnd),
                bytes: hex(WireCodec.encodeServerMessage(.ended, dtype: .float16))))
        return vectors
    }

    static func vectorFile() throws -> VectorFile {
        VectorFile(
            about: "Wire test vectors written by Tests/Audio2FaceClientTests/JSVectorTests.swift from the Swift "
                + "codec; do not edit. Regenerate: A2F_WRITE_JS_VECTORS=1 swift test --skip-build --filter JSVectorTests",
            requests: requestVectors(), responses: try responseVectors())
    }

    static func encoded(_ file: VectorFile) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(file) + Data("\n".utf8)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }

    /// The repository root: the nearest folder above this file that holds Package.swift.
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url
    }()

    @Test("clients/js/test/vectors.json is exactly what the Swift codec writes today")
    func committedVectorsMatchTheCodec() throws {
        let url = Self.repositoryRoot.appendingPathComponent(Self.relativePath)
        let expected = try Self.encoded(Self.vectorFile())
        if ProcessInfo.processInfo.environment["A2F_WRITE_JS_VECTORS"] == "1" {
            try expected.write(to: url)
        }
        let committed = try #require(
            try? Data(contentsOf: url),
            "\(Self.relativePath) is missing; write it with A2F_WRITE_JS_VECTORS=1 swift test --skip-build --filter JSVectorTests"
        )
        #expect(
            committed == expected,
            "\(Self.relativePath) differs from what WireCodec writes; if the codec change is intended, rewrite it with A2F_WRITE_JS_VECTORS=1 swift test --skip-build --filter JSVectorTests and run node --test clients/js/test/"
        )
    }

    @Test("every request vector decodes back to its message, and the edge values cover float16's corners")
    func vectorsDescribeTheirBytes() throws {
        for vector in Self.requestVectors() {
            let bytes = try #require(Self.bytes(fromHex: vector.bytes))
            let decoded = try WireCodec.decodeClientMessage(bytes)
            #expect(Self.fields(of: decoded) == vector.message, "\(vector.name)")
        }
        let halves = FrameEncoding.decode(FrameEncoding.encode(Self.edgeValues, as: .float16), as: .float16)
        #expect(halves.contains { Float16($0).isSubnormal })
        #expect(halves.contains(.infinity) && halves.contains(-.infinity) && halves.contains { $0.isNaN })
        #expect(halves.contains { $0 == 0 && $0.sign == .minus })
        #expect(Self.edgeValues.count % 2 == 0, "the edge bodies are two channels wide")
    }

    static func bytes(fromHex text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex),
                let byte = UInt8(text[index..<next], radix: 16)
            else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
