import Audio2Face
import Audio2FaceTestSupport
import Foundation
import Testing

/// `convert IN.wav -o OUT.html`: one self-contained page holding the animation, the audio and the demo's
/// drawing modules.
@Suite struct ConvertReviewPageTests {
    static let input = TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-short.wav")

    /// A scratch folder with the default config, its blinks seeded so that two runs give the same frames.
    static func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = try String(contentsOf: TestRepository.url("configs/default.yaml"), encoding: .utf8)
        #expect(config.contains("blink_seed: null"))
        try config.replacingOccurrences(of: "blink_seed: null", with: "blink_seed: 42")
            .write(to: folder.appendingPathComponent("seeded.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The text between `start` and the next `end` after it.
    static func between(_ start: String, _ end: String, in text: String) throws -> String {
        let from = try #require(text.range(of: start), "no \(start)")
        let to = try #require(text.range(of: end, range: from.upperBound..<text.endIndex), "no \(end) after \(start)")
        return String(text[from.upperBound..<to.lowerBound])
    }

    static func convert(_ output: String, in folder: URL, _ extra: [String] = []) async throws -> CommandRun {
        try await CommandRun.run(
            ["convert", input.path, "-o", output, "--config", "seeded.yaml"] + extra, in: folder)
    }

    @Test("the page holds the JSON export's frames, the input as WAV and the demo's modules, inlined")
    func selfContainedPage() async throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let htmlRun = try await Self.convert("out.html", in: folder)
        #expect(htmlRun.status == 0, "\(htmlRun.standardError)")
        let jsonRun = try await Self.convert("out.json", in: folder)
        #expect(jsonRun.status == 0, "\(jsonRun.standardError)")
        let page = try String(contentsOf: folder.appendingPathComponent("out.html"), encoding: .utf8)
        let json = try String(contentsOf: folder.appendingPathComponent("out.json"), encoding: .utf8)

        let animation = try Self.between(
            "<script type=\"application/json\" id=\"a2f-animation\">", "</script>", in: page)
        #expect(animation == json)

        let audioBase64 = try Self.between("src=\"data:audio/wav;base64,", "\"", in: page)
        let audio = try #require(Data(base64Encoded: audioBase64))
        #expect([UInt8](audio) == (try WAVFile(contentsOf: Self.input)).encoded())

        let importMapText = try Self.between("<script type=\"importmap\">", "</script>", in: page)
        let importMap = try #require(
            try JSONSerialization.jsonObject(with: Data(importMapText.utf8)) as? [String: [String: String]])
        let imports = try #require(importMap["imports"])
        for name in ["face.js", "timeline.js", "curves.js", "player.js"] {
            let url = try #require(imports["audio2face/\(name)"], "\(name) is not in the import map")
            let prefix = "data:text/javascript;base64,"
            #expect(url.hasPrefix(prefix))
            let source = try #require(Data(base64Encoded: String(url.dropFirst(prefix.count))))
            let shipped = try Data(contentsOf: TestRepository.url("assets/demo/\(name)"))
            #expect(source == shipped, "\(name) is not the shipped module")
            #expect(page.contains("from 'audio2face/\(name)'"), "the page does not import \(name)")
        }
        let styleSheet = try String(contentsOf: TestRepository.url("assets/demo/demo.css"), encoding: .utf8)
        #expect(page.contains("<style>\(styleSheet)</style>"))
        #expect(page.contains("animation.drawFace = true;"))
        #expect(!page.contains("src=\"http"), "the page must load nothing from the network")
        #expect(!page.contains("href=\"http"), "the page must load nothing from the network")
    }

    @Test("an MMD profile's page carries the frames and says the face draws ARKit channels only")
    func mmdProfile() async throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await Self.convert("mmd.html", in: folder, ["--profile", "mmd-default"])
        #expect(run.status == 0, "\(run.standardError)")
        let page = try String(contentsOf: folder.appendingPathComponent("mmd.html"), encoding: .utf8)
        #expect(page.contains("animation.drawFace = false;"))
        #expect(page.contains("<div class=\"face-frame\" hidden>"))
        #expect(page.contains("Profile mmd-default gives MMD morphs"))
        let animation = try Self.between(
            "<script type=\"application/json\" id=\"a2f-animation\">", "</script>", in: page)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(animation.utf8)) as? [String: Any])
        let names = try #require(document["blendshape_names"] as? [String])
        #expect(!BlendshapeNames.isARKit(names))
        #expect((document["frames"] as? [Any])?.isEmpty == false)
    }

    @Test("a demo folder without the player is refused by file name before any work")
    func missingModule() async throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let assets = folder.appendingPathComponent("assets")
        try FileManager.default.copyItem(at: TestRepository.url("assets"), to: assets)
        try FileManager.default.removeItem(at: assets.appendingPathComponent("demo/player.js"))
        let run = try await Self.convert("out.html", in: folder, ["--assets", assets.path])
        #expect(run.status != 0)
        #expect(run.standardError.contains("demo/player.js"), "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.html").path))
    }

    @Test("an unknown extension is refused with the formats convert writes")
    func unknownExtension() async throws {
        let run = try await CommandRun.run(["convert", Self.input.path, "-o", "out.txt"], in: TestRepository.root)
        #expect(run.status != 0)
        #expect(run.standardError.contains(".csv, .json, .html"), "\(run.standardError)")
    }
}
