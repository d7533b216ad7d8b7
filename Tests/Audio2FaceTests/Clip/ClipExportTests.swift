import Foundation
import Testing

@testable import Audio2Face

@Suite struct ClipExportTests {
    private let clip = FaceClip(channelNames: ["JawOpen", "MouthClose"], values: [0.5, 0, 0.25, 1, 0, 0.125])

    @Test("CSV has the Live Link Face header and one row per frame")
    func csv() {
        let text = String(decoding: LiveLinkCSVExporter().export(clip, framesPerSecond: 30), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "Timecode,BlendShapeCount,JawOpen,MouthClose")
        #expect(lines[1] == "00:00:00:00.000,2,0.5,0")
        #expect(lines[2] == "00:00:00:01.033,2,0.25,1.0")
    }

    @Test("timecodes roll over seconds and minutes")
    func timecode() {
        #expect(LiveLinkCSVExporter.timecode(frame: 35, framesPerSecond: 30) == "00:00:01:05.166")
        #expect(LiveLinkCSVExporter.timecode(frame: 30 * 61, framesPerSecond: 30) == "00:01:01:00.000")
    }

    @Test("JSON round-trips names and frames")
    func json() throws {
        let bytes = JSONClipExporter().export(clip, framesPerSecond: 30)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["blendshape_names"] as? [String] == ["JawOpen", "MouthClose"])
        #expect((object["frames"] as? [[Double]])?.count == 3)
    }

    @Test("WAV encodes and parses back")
    func wavRoundTrip() throws {
        let format = try PCMFormat(sampleRate: 22_050, sampleWidth: 2, channelCount: 2)
        let wav = WAVFile(format: format, pcmBytes: Array(0..<200))
        #expect(try WAVFile(bytes: wav.encoded()) == wav)
        #expect(throws: AudioFormatError.self) { try WAVFile(bytes: Array("RIFFxxxxWAVE".utf8)) }
    }
}
