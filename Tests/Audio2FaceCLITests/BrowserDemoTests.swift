import Audio2FaceTestSupport
import Foundation
import Testing

/// The browser demo end to end in a real browser: clients/browser-test/demo_check.py drives headless
/// Chromium (Debian's `chromium` and `chromium-driver`, Selenium from .venv-test-tools) against the real
/// server with auth on. Chromium's fake microphone plays a WAV, so the path is page → AudioWorklet →
/// WebSocket → server → frames → face canvas. The script prints a JSON summary that this test checks;
/// without the browser or Selenium the test fails, naming what to install.
@Suite(.serialized, .timeLimit(.minutes(4))) struct BrowserDemoTests {
    static let fixtures = "Tests/Audio2FaceServerTests/Fixtures"

    /// The script's summary: every check by name, the details of each, the failed ones.
    struct Summary: Decodable {
        var checks: [String: Bool]
        var failedChecks: [String]
        var ok: Bool
    }

    /// The checks the script must report, each passed.
    static let expectedChecks = [
        "microphone_frames_arrive", "mouth_opens_during_speech", "mouth_closes_in_silence",
        "canvas_mouth_open_in_speech", "canvas_mouth_closed_in_silence", "screenshots_neutral_and_vowel",
        "file_mode_in_sync", "stereo_44k_converted_with_note", "wav_8k_stereo_24bit_converted_with_note",
        "non_wav_refused", "wrong_token_page_refused", "wrong_token_field_message", "microphone_denied_message",
        "server_gone_message",
    ]

    @Test(
        "Chromium: microphone frames, the mouth open in speech and shut in silence (state and pixels), file mode in sync, clear errors"
    )
    func demoInChromium() async throws {
        let python = try await ExternalTool.browserPython()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("browser-demo-\(UUID().uuidString)")
        let key = "browser-demo-key-2f7e"
        let (server, port) = try await ServerProcess.startReadyWithAPIKey(key, in: folder)
        defer { server.stop() }
        let screenshots = folder.appendingPathComponent("screenshots")

        let run = try await ExternalTool.run(
            python,
            [
                TestRepository.url("clients/browser-test/demo_check.py").path,
                "--base-url", "http://127.0.0.1:\(port)", "--token", key,
                "--speech", "\(Self.fixtures)/speech-short.wav",
                "--long-speech", "\(Self.fixtures)/speech-continuous.wav",
                "--stereo-wav", "\(Self.fixtures)/speech-44k-stereo.wav",
                "--screenshots", screenshots.path,
                // Last: the server is killed mid-stream to see the page's message.
                "--server-pid", "\(server.process.processIdentifier)",
            ])
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let summary = try decoder.decode(Summary.self, from: Data(run.output.utf8))
        #expect(
            run.status == 0,
            "failed checks: \(summary.failedChecks); summary: \(run.output); screenshots in \(screenshots.path); stderr: \(run.error)"
        )
        #expect(summary.ok)
        for check in Self.expectedChecks {
            #expect(summary.checks[check] == true, "\(check): \(summary.checks[check].map(String.init) ?? "not run")")
        }
        // The screenshots stay only when something failed, for a look at the page.
        if summary.ok { try? FileManager.default.removeItem(at: folder) }
    }
}
