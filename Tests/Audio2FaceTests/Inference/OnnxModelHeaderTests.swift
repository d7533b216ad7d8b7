import Audio2Face
import Audio2FaceTestSupport
import Foundation
import Testing

@Suite struct OnnxModelHeaderTests {
    /// Writes `bytes` to a temporary `.onnx` file and reads its header.
    func header(of bytes: [UInt8]) throws -> OnnxModelHeader {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("header-\(UUID().uuidString).onnx")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try OnnxModelHeader(contentsOf: url)
    }

    /// Whether `body` throws an unreadable-model error whose reason contains `text`.
    func refuses(_ text: String, _ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch let ModelError.unreadableModel(_, reason) {
            return reason.contains(text)
        } catch {
            return false
        }
    }

    /// A minimal ModelProto: ir_version 9, opset ai.onnx 18 and com.microsoft 1, producer "t" "2", an empty graph.
    static let minimal: [UInt8] =
        [0x08, 0x09]  // ir_version = 9
        + [0x12, 0x01, 0x74]  // producer_name = "t"
        + [0x1A, 0x01, 0x32]  // producer_version = "2"
        + [0x42, 0x02, 0x10, 0x12]  // opset_import { version = 18 }
        + [0x42, 0x11, 0x0A, 0x0D] + Array("com.microsoft".utf8) + [0x10, 0x01]  // { domain, version = 1 }
        + [0x3A, 0x00]  // graph = {}

    @Test("the committed tiny model: IR 10, opset ai.onnx 17, its producer")
    func tinyModel() throws {
        let header = try OnnxModelHeader(
            contentsOf: TestRepository.url("Tests/OnnxRuntimeTests/Fixtures/unitalker-tiny.onnx"))
        #expect(header.irVersion == 10)
        #expect(header.defaultOperatorSetVersion == 17)
        #expect(header.producer.contains("make-test-model"))
    }

    @Test("fields are read in any order, unknown ones skipped, every operator set kept")
    func minimalModel() throws {
        let header = try header(of: [0x28, 0x05, 0x31] + [UInt8](repeating: 0, count: 8) + Self.minimal)
        #expect(header.irVersion == 9)
        #expect(header.operatorSets.map(\.description) == ["ai.onnx 18", "com.microsoft 1"])
        #expect(header.defaultOperatorSetVersion == 18)
        #expect(header.producer == "t 2")
    }

    @Test("HTML, a cut-short file, a file without a graph and an empty file are not ONNX models")
    func notModels() {
        #expect(refuses("not an ONNX model file") { _ = try header(of: Array("<!DOCTYPE html>\n".utf8)) })
        #expect(refuses("cut short") { _ = try header(of: Array(Self.minimal.dropLast(2)) + [0x3A, 0x40, 0x00]) })
        #expect(refuses("no graph") { _ = try header(of: Array(Self.minimal.dropLast(2))) })
        #expect(refuses("no IR version") { _ = try header(of: []) })
        #expect(refuses("malformed varint") { _ = try header(of: [0x08, 0xFF]) })
    }
}
