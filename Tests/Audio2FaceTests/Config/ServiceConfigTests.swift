import Audio2FaceTestSupport
import Testing
@testable import Audio2Face

@Suite struct ServiceConfigTests {
    @Test("an empty document gives the defaults")
    func defaults() throws {
        let config = try ServiceConfig.parse(yaml: "")
        #expect(config.server.port == 18_083)
        #expect(config.server.host == "127.0.0.1")
        #expect(config.streaming.responseChunkFrames == 10)
        #expect(config.streaming.dtype == .float16)
        #expect(config.streaming.segmentation.maxSegmentSeconds == 1.0)
        #expect(config.engine.kind == .builtin)
    }

    @Test("values override defaults, others keep theirs")
    func overrides() throws {
        let config = try ServiceConfig.parse(yaml: """
            server:
              port: 9000
            streaming:
              dtype: float32
              segmentation:
                max_segment_seconds: 0.4
                min_segment_seconds: 0.2
            """)
        #expect(config.server.port == 9_000)
        #expect(config.streaming.dtype == .float32)
        #expect(config.streaming.segmentation.maxSegmentSeconds == 0.4)
        #expect(config.streaming.segmentation.hopSeconds == 0.005)
    }

    @Test("a minimum segment longer than the maximum is refused, naming both")
    func inconsistentSegments() {
        do {
            _ = try ServiceConfig.parse(yaml: "streaming:\n  segmentation:\n    max_segment_seconds: 0.4\n")
            Issue.record("min 0.5 > max 0.4 accepted")
        } catch {
            #expect(error.description.contains("min_segment_seconds"))
        }
    }

    @Test("configs/default.yaml spells out exactly the built-in defaults")
    func defaultFileMatchesDefaults() throws {
        let config = try ServiceConfig.load(fromFile: TestRepository.url("configs/default.yaml").path)
        #expect(config == ServiceConfig())
    }

    @Test("an unknown key is an error naming its path")
    func unknownKey() {
        do {
            _ = try ServiceConfig.parse(yaml: "streaming:\n  frame_per_second: 30\n")
            Issue.record("typo accepted")
        } catch {
            #expect(error.description.contains("streaming.frame_per_second"))
        }
    }

    @Test("an out-of-range value names the key and the range")
    func badValue() {
        do {
            _ = try ServiceConfig.parse(yaml: "server:\n  port: 70000\n")
            Issue.record("port 70000 accepted")
        } catch {
            #expect(error.description.contains("server.port"))
            #expect(error.description.contains("65535"))
        }
    }

    @Test("a wrong type names the key")
    func wrongType() {
        do {
            _ = try ServiceConfig.parse(yaml: "streaming:\n  dtype: float64\n")
            Issue.record("dtype float64 accepted")
        } catch {
            #expect(error.description.contains("streaming.dtype"))
        }
    }

    @Test("the shipped configs load and validate", arguments: ["default.yaml", "unitalker-cpu.yaml", "unitalker-cuda.yaml", "unitalker-reference.yaml"])
    func shippedConfigs(file: String) throws {
        let path = TestRepository.root.appendingPathComponent("configs").appendingPathComponent(file).path
        _ = try ServiceConfig.load(fromFile: path)
    }
}
