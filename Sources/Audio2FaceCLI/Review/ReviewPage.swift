import Audio2Face
import Audio2FaceServer
import Foundation

/// The single self-contained HTML file `convert -o OUT.html` writes to review an animation offline: the
/// demo's face and curves (inlined as `data:` modules through an import map), the animation as the JSON
/// export writes it, and the audio as a WAV `data:` URL; ``ReviewPlayer`` (`player.js`) keeps the face on
/// the audio's current time. Nothing is loaded from anywhere.
struct ReviewPage {
    /// The id of the element holding the animation JSON.
    static let animationElementID = "a2f-animation"
    /// The import map's prefix for the inlined modules (`audio2face/face.js`, …).
    static let modulePrefix = "audio2face/"

    /// The clip as ``JSONClipExporter`` writes it.
    var animationJSON: [UInt8]
    /// The audio the animation was made from, as the page plays it.
    var audio: WAVFile
    var scripts: ReviewPageScripts
    /// False for profiles whose channels are not ARKit blendshapes: the face cannot draw them.
    var drawsFace: Bool
    var inputName: String
    var profileName: String
    var offsetName: String
    var frameCount: Int
    var channelCount: Int
    var framesPerSecond: Double

    /// The page as UTF-8 bytes.
    func render() -> [UInt8] {
        Array(html.utf8)
    }

    private var html: String {
        let fps = framesPerSecond == framesPerSecond.rounded() ? String(Int(framesPerSecond)) : String(framesPerSecond)
        let seconds = String(format: "%.2f", audio.durationSeconds)
        let facts = [
            ("Input", inputName), ("Profile", profileName),
            ("Emotion preset", offsetName.isEmpty ? "none" : offsetName),
            ("Frames", "\(frameCount) at \(fps) fps"), ("Channels", "\(channelCount)"),
            ("Audio", "\(seconds) s, \(audio.format.sampleRate) Hz, \(audio.format.channelCount) ch"),
        ]
        let factRows = facts.map { "<dt>\($0.0)</dt><dd>\(escape($0.1))</dd>" }.joined()
        let note =
            drawsFace
            ? ""
            : "Profile \(escape(profileName)) gives MMD morphs, not ARKit blendshapes: the face and the curves "
                + "draw ARKit channels only. The animation is in this file (element #\(Self.animationElementID)); "
                + "the strongest morphs of each moment are listed on the right."
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Audio2Face review: \(escape(inputName))</title>
            <style>\(inlineSafe(scripts.styleSheet))</style>
            <style>
            main { align-items: start; }
            audio { width: 100%; }
            .readouts dd#strongest { text-align: left; grid-column: 1 / -1; font-size: 13px; color: var(--muted); }
            </style>
            <script type="importmap">\(importMap)</script>
            </head>
            <body>
            <header>
              <h1>Audio2Face <span>review</span></h1>
              <div class="badge"><b>\(escape(inputName))</b> · \(escape(profileName)) · \(frameCount) frames</div>
            </header>
            <main>
              <section class="stage">
                <div class="face-frame"\(drawsFace ? "" : " hidden")>
                  <canvas id="face" width="480" height="600" aria-label="animated face"></canvas>
                </div>
                <div id="message" class="message error" role="alert" hidden></div>
                <div id="note" class="message note"\(drawsFace ? " hidden" : "")>\(note)</div>
              </section>
              <aside class="panel">
                <div class="group">
                  <h2>Playback</h2>
                  <audio id="audio" controls preload="auto" src="data:audio/wav;base64,\(Data(audio.encoded()).base64EncodedString())"></audio>
                  <div class="hint">Space plays and pauses; drag the slider to seek. The face follows the audio.</div>
                </div>
                <div class="group readouts">
                  <h2>Now</h2>
                  <dl><dt>Time</dt><dd id="time">–</dd><dt>Frame</dt><dd id="frame">–</dd>\
            <dt>Strongest</dt><dd id="strongest">–</dd></dl>
                </div>
                <div class="group readouts">
                  <h2>Animation</h2>
                  <dl>\(factRows)</dl>
                </div>
              </aside>
              <section class="curves"\(drawsFace ? "" : " hidden")><canvas id="curves" aria-label="curves"></canvas></section>
            </main>
            <footer>Written by <code>audio2face convert</code>; everything this page shows is inside this one file.</footer>
            <script type="application/json" id="\(Self.animationElementID)">\(inlineSafe(String(decoding: animationJSON, as: UTF8.self)))</script>
            <script type="module">
            \(bootstrap)
            </script>
            </body>
            </html>

            """
    }

    /// Maps `audio2face/NAME` to each module's source as a base64 `data:` URL.
    private var importMap: String {
        let entries = scripts.modules.map { module in
            "\"\(Self.modulePrefix)\(module.name)\": \"data:text/javascript;base64,"
                + "\(Data(module.source.utf8).base64EncodedString())\""
        }
        return "{\"imports\": {" + entries.joined(separator: ", ") + "}}"
    }

    /// Imports the modules, hands the player the drawing classes, the page's elements and the animation.
    private var bootstrap: String {
        let prefix = Self.modulePrefix
        return """
            import { FaceRenderer } from '\(prefix)face.js';
            import { FrameTimeline } from '\(prefix)timeline.js';
            import { CurvePlot } from '\(prefix)curves.js';
            import { ReviewPlayer } from '\(prefix)player.js';

            const byId = (id) => document.getElementById(id);
            const animation = JSON.parse(byId('\(Self.animationElementID)').textContent);
            animation.drawFace = \(drawsFace);
            const player = new ReviewPlayer(
              { FaceRenderer, FrameTimeline, CurvePlot },
              {
                face: byId('face'), curves: byId('curves'), audio: byId('audio'), message: byId('message'),
                readout: { time: byId('time'), frame: byId('frame'), strongest: byId('strongest') },
              },
              animation);
            window.audio2faceReview = player.state;
            player.start();
            """
    }

    /// `text` made safe inside a `<script>` or `<style>` element: no `</` that could end it early
    /// (`<\\/` means the same in JSON strings and CSS).
    private func inlineSafe(_ text: String) -> String {
        text.replacingOccurrences(of: "</", with: "<\\/")
    }

    private func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
