import Audio2FaceTestSupport
import Foundation
import Testing

/// The page `convert -o OUT.html` writes, opened from a file:// URL in headless Chromium with nothing else
/// around it (`clients/browser-test/review_page_check.py`): it loads without console errors, draws the
/// face and the curves, plays its embedded audio, and shows the frame due at the audio's current time
/// while playing and after seeks.
@Suite(.timeLimit(.minutes(2))) struct ReviewPageBrowserTests {
    @Test(
        "the offline review page loads, draws, plays and follows the audio's time in a real browser",
        arguments: [
            "arkit-default", "mmd-default",
        ])
    func offlinePageInBrowser(profile: String) async throws {
        let python = try await ExternalTool.browserPython()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "review-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("review.html")
        let convert = try await CommandRun.run(
            [
                "convert", TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-short.wav").path, "-o",
                page.path, "--profile", profile,
            ], in: TestRepository.root)
        try #require(convert.status == 0, "\(convert.standardError)")

        let check = try await ExternalTool.run(
            python, [TestRepository.url("clients/browser-test/review_page_check.py").path, page.path])
        #expect(check.status == 0, "\(check.output)\n\(check.error)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [String: Any], "\(check.output)")
        let checks = try #require(summary["checks"] as? [String: Bool])
        #expect(checks["face shows the audio's time"] == true)
        #expect(checks["shown frame is the one due"] == true)
        #expect(checks["no console errors"] == true)
        #expect(checks[profile == "mmd-default" ? "MMD note shown instead of the face" : "face drawn"] == true)
    }
}
