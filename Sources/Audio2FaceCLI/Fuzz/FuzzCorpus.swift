import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Foundation

/// What fuzzing starts from: valid inputs built here (so the corpus always matches the current
/// protocol) plus every `.bin` file under the corpus folder's `<target>/` subfolder, which is where
/// inputs that once broke a promise are kept as regressions.
enum FuzzCorpus {
    /// The fuzzed parts, named as their corpus subfolders.
    enum Target: String, CaseIterable, Sendable {
        case wire, pcm, session
    }

    /// Valid inputs for `target`.
    static func seeds(for target: Target) -> [[UInt8]] {
        let start = WireCodec.encodeClientMessage(.start(StreamStart(requestID: "fuzz")))
        let stereo = WireCodec.encodeClientMessage(
            .start(
                StreamStart(
                    requestID: "fuzz", sampleRate: 44_100, sampleWidth: 4, channelCount: 2, responseChunkFrames: 3)))
        let body = WireCodec.encodeClientMessage(
            .body(pcm: (0..<120).map { UInt8(truncatingIfNeeded: $0 &* 37) }, offsetName: "happiness_2"))
        let end = WireCodec.encodeClientMessage(.end)
        switch target {
        case .wire:
            return [start, stereo, body, end]
        case .pcm:
            return [
                [2, 2, 1] + (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 91) },
                [5, 4, 2] + [UInt8](repeating: 0x80, count: 48),
            ]
        case .session:
            func framed(_ messages: [[UInt8]]) -> [UInt8] { messages.flatMap { [UInt8($0.count)] + $0 } }
            return [framed([start, body, body, end]), framed([stereo, body, end]), framed([start, end])]
        }
    }

    /// The stored inputs for `target` under `folder` (none when the folder does not exist).
    static func stored(for target: Target, in folder: URL?) throws -> [(name: String, bytes: [UInt8])] {
        guard let folder else { return [] }
        let directory = folder.appendingPathComponent(target.rawValue)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return try names.filter { $0.hasSuffix(".bin") }.sorted().map { name in
            (name, [UInt8](try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }
}
