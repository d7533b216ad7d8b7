import Audio2FaceTestSupport
import Foundation
import Testing

/// The Python client (clients/python, installed into .venv-test-tools by scripts/test.sh) against the real
/// server: its own test suite runs with two servers started here, one as users run it (float16 frames, API
/// keys on) and one sending float32 frames whose output must equal `audio2face convert`'s byte for byte,
/// both with the same blink seed as the `convert` runs. The suite prints a JSON summary that this test
/// checks: nothing failed, nothing was skipped, and the tests covering each promise of the client ran.
@Suite(.serialized, .timeLimit(.minutes(5))) struct PythonClientTests {
    static let installHint =
        "scripts/test.sh installs it: clients/python/install-into-venv.sh .venv-test-tools, after "
        + "scripts/install-python-tools.sh has put websockets and protobuf there"

    /// The runner's summary (clients/python/tests/run_tests.py).
    struct Summary: Decodable {
        struct Failure: Decodable {
            var test: String
            var traceback: String
        }
        struct Skip: Decodable {
            var test: String
            var reason: String
        }
        var testsRun: Int
        var passed: [String]
        var failures: [Failure]
        var skipped: [Skip]
    }

    /// Tests that must have run and passed: one per promise the client makes.
    static let requiredTests = [
        "test_server.StreamFileTests.test_frames_names_and_values_match_convert_within_float16",
        "test_server.StreamFileTests.test_float32_frames_equal_convert_exactly",
        "test_server.StreamFileTests.test_every_wav_encoding_streams_as_convert_reads_it",
        "test_server.StreamFileTests.test_emotion_and_profile_match_convert",
        "test_server.LowLevelStreamTests.test_send_end_iterate_with_the_key_in_a_header",
        "test_server.LowLevelStreamTests.test_the_key_in_the_query",
        "test_server.LowLevelStreamTests.test_a_refused_format_closes_with_1008_and_the_field",
        "test_server.LowLevelStreamTests.test_a_refused_response_chunk_closes_with_1008_and_the_field",
        "test_server.RefusalTests.test_a_wrong_key_is_refused_at_the_upgrade",
        "test_server.RefusalTests.test_a_missing_key_is_refused_at_the_upgrade",
        "test_server.RefusalTests.test_a_bad_file_is_refused_before_connecting",
        "test_pacing.PacedStreamTests.test_realtime_sends_each_chunk_when_its_audio_has_played",
        "test_pacing.PacedStreamTests.test_without_realtime_nothing_waits",
        "test_console.ConsoleScriptTests.test_csv_and_json_are_byte_for_byte_convert_output",
        "test_console.ConsoleScriptTests.test_float16_csv_has_converts_layout_and_values",
        "test_console.ConsoleScriptTests.test_a_wrong_key_fails_with_a_clear_message",
        "test_wav.WAVEncodingsTests.test_24_bit_is_widened_to_32_bit",
        "test_wav.WAVEncodingsTests.test_float_becomes_16_bit_rounded_half_away_from_zero_and_clamped",
        "test_wav.WAVRefusalTests.test_unsupported_format_tags",
        "test_wire.SchemaTests.test_generated_module_matches_the_schema",
        "test_wire.SchemaTests.test_class_names_match_the_server",
        "test_installed.InstalledPackageTests.test_installed_modules_equal_the_sources",
    ]

    /// The test-tools venv's Python, failing the test when it or the client package is missing.
    static func python() async throws -> URL {
        try await ExternalTool.testToolsPython(importing: "audio2face_client, websockets", installHint: installHint)
    }

    /// Writes the two servers' configs and the key file into `folder`; returns the config paths.
    static func writeConfigs(in folder: URL, key: String) throws -> (keyed: URL, float32: URL) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let keyed = folder.appendingPathComponent("keyed-float16.yaml")
        let float32 = folder.appendingPathComponent("float32.yaml")
        try "postprocess:\n  blink_seed: 7\nauth:\n  enabled: true\n  keys_file: keys.txt\n"
            .write(to: keyed, atomically: true, encoding: .utf8)
        try "streaming:\n  dtype: float32\npostprocess:\n  blink_seed: 7\n"
            .write(to: float32, atomically: true, encoding: .utf8)
        try "# the Python client test's key\n\(key)\n"
            .write(to: folder.appendingPathComponent("keys.txt"), atomically: true, encoding: .utf8)
        return (keyed, float32)
    }

    /// Starts `audio2face serve` with `config` on a free port and returns it with its WebSocket URL.
    static func startServer(config: URL) async throws -> (server: ServerProcess, url: String) {
        let server = try ServerProcess.start(arguments: ["--config", config.path, "--port", "0"])
        do {
            let port = try await server.waitForPort()
            try await ServerProcess.waitForReady(base: "127.0.0.1:\(port)")
            return (server, "ws://127.0.0.1:\(port)/api/v1/streaming_audio2face/ws")
        } catch {
            server.stop()
            throw error
        }
    }

    @Test(
        "the Python client's suite against the real server: frames equal convert's, every WAV encoding, pacing, close codes, keys, console script"
    )
    func pythonClientSuite() async throws {
        let python = try await Self.python()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("python-client-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = "python-client-\(UUID().uuidString)"
        let configs = try Self.writeConfigs(in: folder, key: key)
        let keyed = try await Self.startServer(config: configs.keyed)
        defer { keyed.server.stop() }
        let float32 = try await Self.startServer(config: configs.float32)
        defer { float32.server.stop() }

        let run = try await ExternalTool.run(
            python,
            [
                TestRepository.url("clients/python/tests/run_tests.py").path, "--url", keyed.url, "--token", key,
                "--url-float32", float32.url, "--audio2face", try ServerProcess.executable().path,
                "--convert-config", configs.float32.path,
            ])
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let summary = try #require(
            try? decoder.decode(Summary.self, from: Data(run.output.utf8)),
            "no summary from run_tests.py (status \(run.status)): \(run.output)\n\(run.error)")
        #expect(run.status == 0, "\(run.error)")
        #expect(summary.failures.isEmpty, "\(summary.failures.map { "\($0.test):\n\($0.traceback)" })")
        #expect(summary.skipped.isEmpty, "\(summary.skipped.map { "\($0.test): \($0.reason)" })")
        #expect(summary.testsRun >= Self.requiredTests.count)
        let missing = Self.requiredTests.filter { !summary.passed.contains($0) }
        #expect(missing.isEmpty, "required Python client tests did not pass: \(missing)")
    }
}
