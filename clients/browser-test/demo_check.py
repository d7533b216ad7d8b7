#!/usr/bin/env python3
"""End-to-end check of the browser demo (/demo) in headless Chromium, driven by Selenium.

Chromium's fake media flags turn a WAV file into the microphone, so the path under test is the real one:
page -> getUserMedia -> AudioWorklet -> JS client -> WebSocket -> server -> frames -> face canvas.
The server must run with auth on and accept --token. Prints a JSON summary on stdout (exit 0 only when
every check passed) and saves screenshots to --screenshots.

Checks: frames arrive in microphone mode; the mouth opens during speech and closes in silence, read from
window.audio2faceDemo and from the canvas pixels; file mode plays in sync (shown frame time vs the audio's
currentTime within 50 ms); converted WAV formats get a note and a non-WAV file a specific error; a wrong
token gets a clear error (the server's 401 for the page, the page's own message for the token field); a
denied microphone gets its message; with --server-pid, killing the server mid-stream gets its message.
"""

import argparse
import json
import math
import os
import signal
import struct
import sys
import tempfile
import time
import wave
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By

SYNC_TOLERANCE_SECONDS = 0.05
SPEECH_JAW_MINIMUM = 0.3
SILENCE_JAW_MAXIMUM = 0.05
# A pixel counts as the mouth's dark inside below this luminance (the face keeps other dark colours in
# the upper half: pupils, lashes, brows, hair).
DARK_LUMINANCE = 45

COUNT_DARK_MOUTH_PIXELS = """
const canvas = window.audio2faceDemo.faceCanvas;
const g = canvas.getContext('2d');
const top = Math.floor(canvas.height * 0.6);
const pixels = g.getImageData(0, top, canvas.width, canvas.height - top).data;
let dark = 0;
for (let i = 0; i < pixels.length; i += 4) {
  if (pixels[i + 3] < 200) continue;
  const luminance = 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
  if (luminance < arguments[0]) dark++;
}
const d = window.audio2faceDemo;
return {time: d.displayTime, jaw: d.displayed.JawOpen ?? 0, close: d.displayed.MouthClose ?? 0,
        dark, state: d.state, frames: d.framesReceived, width: canvas.width, height: canvas.height};
"""


# Shown weights for the two pictures: mid-vowel (jaw well open, not rounded) and neutral (everything near 0).
VOWEL = "w.JawOpen - (w.MouthClose ?? 0) > 0.4 && (w.MouthFunnel ?? 0) < 0.3 && (w.EyeBlinkLeft ?? 0) < 0.1"
NEUTRAL = "Object.values(w).every(v => v < 0.02)"
HOLD_WHEN = """
const [condition, timeoutMs, done] = arguments;
const d = window.audio2faceDemo;
setTimeout(() => done(false), timeoutMs);
d.holdWhen(new Function('w', 'return ' + condition)).then(() => done(true));
"""
AFTER_NEXT_DRAW = """
const done = arguments[arguments.length - 1];
const d = window.audio2faceDemo;
requestAnimationFrame(() => {
  const sample = {display: d.displayTime, audio: d.audioCurrentTime(), drawnAt: d.displayedAt};
  setTimeout(() => {
    const now = performance.now();
    sample.laterAudio = d.audioCurrentTime();
    sample.laterDisplay = sample.display === null ? null : sample.display + (now - sample.drawnAt) / 1000;
    done(sample);
  }, 7);
});
"""


class Checks:
    """Named pass/fail results with details, for the JSON summary."""

    def __init__(self):
        self.results = {}
        self.details = {}

    def record(self, name, passed, **details):
        self.results[name] = bool(passed)
        if details:
            self.details[name] = details

    @property
    def failed(self):
        return [name for name, passed in self.results.items() if not passed]


def write_wav(path, samples, rate, channels=1, width=2):
    """Writes interleaved integer samples as PCM WAV (width in bytes: 2 or 3)."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        if width == 2:
            out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
        else:
            out.writeframes(b"".join(int(s).to_bytes(3, "little", signed=True) for s in samples))


def read_mono16(path):
    with wave.open(str(path), "rb") as source:
        assert source.getsampwidth() == 2 and source.getnchannels() == 1, f"{path} must be 16-bit mono"
        frames = source.readframes(source.getnframes())
        return source.getframerate(), list(struct.unpack(f"<{len(frames) // 2}h", frames))


def make_inputs(speech_wav, folder):
    """The microphone loop (speech then 3 s of silence), an 8 kHz stereo 24-bit WAV and a fake MP3."""
    rate, speech = read_mono16(speech_wav)
    loop = folder / "microphone-loop.wav"
    write_wav(loop, speech + [0] * (rate * 3), rate)
    # 8 kHz stereo 24-bit: every other sample of the speech, the same on both channels, scaled to 24 bits.
    decimated = speech[::2]
    stereo24 = [value * 256 for value in decimated for _ in range(2)]
    odd_format = folder / "speech-8k-stereo-24bit.wav"
    write_wav(odd_format, stereo24, rate // 2, channels=2, width=3)
    not_wav = folder / "song.mp3"
    not_wav.write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(2000))
    return loop, odd_format, not_wav


def browser(fake_audio=None, fake_ui=True):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    arguments = [
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1200,1000",
        "--autoplay-policy=no-user-gesture-required",
        "--use-fake-device-for-media-stream",
    ]
    if fake_ui:
        arguments.append("--use-fake-ui-for-media-stream")
    if fake_audio:
        arguments.append(f"--use-file-for-fake-audio-capture={fake_audio}")
    for argument in arguments:
        options.add_argument(argument)
    service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def demo_state(driver):
    return driver.execute_script(
        "const d = window.audio2faceDemo; return d ? {state: d.state, frames: d.framesReceived, "
        "message: d.message, note: d.note, firstFrameMs: d.firstFrameMs, lagMs: d.lagMs} : null"
    )


def wait_for(driver, condition, timeout, what):
    """Polls `condition(state)` until it holds; returns the last state, or raises naming `what`."""
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = demo_state(driver)
        if state is not None and condition(state):
            return state
        time.sleep(0.05)
    raise TimeoutError(f"{what} within {timeout} s; last state {state}")


def screenshot(driver, folder, name):
    driver.save_screenshot(str(folder / f"{name}.png"))


def face_screenshot(driver, path):
    driver.find_element(By.CSS_SELECTOR, ".face-frame").screenshot(str(path))


def check_microphone(base, token, loop, shots, docs_images, checks):
    """Microphone mode on page load (?mic=1): frames, and the mouth following speech and silence."""
    driver = browser(fake_audio=loop)
    try:
        driver.get(f"{base}/demo?mic=1&token={token}")
        state = wait_for(driver, lambda s: s["state"] == "error" or s["frames"] > 30, 20, "no frames")
        checks.record(
            "microphone_frames_arrive",
            state["state"] == "streaming" and state["frames"] > 30,
            state=state["state"],
            message=state["message"],
            first_frame_ms=state["firstFrameMs"],
        )
        if state["state"] != "streaming":
            screenshot(driver, shots, "microphone-error")
            return
        # At least 12 s (two loops of the audio), longer (up to 40 s) on a slow machine until enough
        # drawings with the mouth open and shut were seen.
        samples = []
        started = time.monotonic()
        while time.monotonic() - started < 40:
            samples.append(driver.execute_script(COUNT_DARK_MOUTH_PIXELS, DARK_LUMINANCE))
            opened = sum(1 for s in samples if s["jaw"] - s["close"] >= SPEECH_JAW_MINIMUM)
            shut = sum(1 for s in samples if s["time"] is not None and s["jaw"] < 0.02)
            if time.monotonic() - started >= 12 and opened >= 5 and shut >= 5:
                break
            time.sleep(0.04)
        # The page holds the face at the first drawing that matches, so each picture shows that moment.
        saved = {}
        for kind, condition in (("vowel", VOWEL), ("neutral", NEUTRAL)):
            saved[kind] = driver.execute_async_script(HOLD_WHEN, condition, 12000)
            if not saved[kind]:
                continue
            try:
                screenshot(driver, shots, f"microphone-{kind}")
                face_screenshot(driver, shots / f"microphone-{kind}-face.png")
                if docs_images:
                    docs_images.mkdir(parents=True, exist_ok=True)
                    face_screenshot(driver, docs_images / f"demo-{kind}.png")
            finally:
                driver.execute_script("window.audio2faceDemo.release()")
        history = driver.execute_script(
            "const d = window.audio2faceDemo; return {frames: d.recentFrames.map(f => [f.time, f.weights.JawOpen ?? 0]),"
            " levels: d.inputLevels.map(l => [l.time, l.peak]), lagMs: d.lagMs, firstFrameMs: d.firstFrameMs}"
        )
        screenshot(driver, shots, "microphone-streaming")
    finally:
        driver.quit()

    # Which frames lie in speech and which deep in silence, from the audio the page sent (30 ms chunks).
    speech_times = [time_ for time_, peak in history["levels"] if peak > 0.02]
    sent_until = history["levels"][-1][0] if history["levels"] else 0
    # Only frames whose audio the page still lists (it keeps the last 900 chunks and frames).
    sent_from = history["levels"][0][0] + 0.5 if history["levels"] else math.inf
    history["frames"] = [(t, jaw) for t, jaw in history["frames"] if t >= sent_from]

    def distance_to_speech(frame_time):
        return min((abs(frame_time - t) for t in speech_times), default=math.inf)

    in_speech = [jaw for t, jaw in history["frames"] if distance_to_speech(t) <= 0.03]
    in_silence = [jaw for t, jaw in history["frames"] if distance_to_speech(t) >= 0.4 and t < sent_until]
    checks.record(
        "mouth_opens_during_speech",
        len(in_speech) >= 30 and max(in_speech, default=0) >= SPEECH_JAW_MINIMUM,
        speech_frames=len(in_speech),
        max_jaw_open=round(max(in_speech, default=0), 3),
    )
    checks.record(
        "mouth_closes_in_silence",
        len(in_silence) >= 30 and max(in_silence, default=1) <= SILENCE_JAW_MAXIMUM,
        silence_frames=len(in_silence),
        max_jaw_open=round(max(in_silence, default=1), 3),
    )
    # The canvas: an open jaw shows the dark inside of the mouth, a closed one none of it.
    open_samples = [s["dark"] for s in samples if s["jaw"] - s["close"] >= SPEECH_JAW_MINIMUM]
    closed_samples = [s["dark"] for s in samples if s["time"] is not None and s["jaw"] < 0.02]
    scale = (samples[0]["width"] / 400) ** 2 if samples else 1  # canvas pixels per design unit²
    checks.record(
        "canvas_mouth_open_in_speech",
        len(open_samples) >= 3 and min(open_samples) >= 100 * scale,
        samples=len(open_samples),
        min_dark_pixels=min(open_samples, default=0),
        threshold=round(100 * scale),
    )
    checks.record(
        "canvas_mouth_closed_in_silence",
        len(closed_samples) >= 3 and max(closed_samples) <= 5,
        samples=len(closed_samples),
        max_dark_pixels=max(closed_samples, default=-1),
    )
    checks.record("screenshots_neutral_and_vowel", saved["neutral"] and saved["vowel"], saved=saved)


def upload(driver, path):
    driver.find_element(By.ID, "file").send_keys(str(path))


def check_file_mode(base, token, long_wav, stereo_wav, odd_wav, not_wav, shots, checks):
    driver = browser()
    try:
        driver.get(f"{base}/demo?token={token}")
        wait_for(driver, lambda s: s["state"] == "ready", 15, "page not ready")

        # Sync: the face's time follows the audio clock while the file plays.
        upload(driver, long_wav)
        wait_for(driver, lambda s: s["state"] == "error" or s["frames"] > 0, 15, "no frames from the file")
        # Two readings per sample. In the animation frame right after the page drew (a callback queued
        # behind the page's): the time the face shows against the AudioContext's currentTime at that
        # moment, which differ only when frames come late or the face runs on another clock. And from
        # outside, later: the face's time moved on by the wall clock since it was drawn, against
        # currentTime then; currentTime advances in audio-callback steps (tens of ms in headless
        # Chromium), so that reading is judged by its median.
        same_frame = []
        later = []
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            pair = driver.execute_async_script(AFTER_NEXT_DRAW)
            if pair["audio"] is not None and pair["audio"] > 0.1 and pair["display"] is not None:
                same_frame.append(pair["display"] - pair["audio"])
                later.append(pair["laterDisplay"] - pair["laterAudio"])
            time.sleep(0.02)
        screenshot(driver, shots, "file-playing")
        worst = max((abs(offset) for offset in same_frame), default=math.inf)
        median_later = sorted(abs(offset) for offset in later)[len(later) // 2] if later else math.inf
        checks.record(
            "file_mode_in_sync",
            len(same_frame) >= 30 and worst <= SYNC_TOLERANCE_SECONDS and median_later <= SYNC_TOLERANCE_SECONDS,
            samples=len(same_frame),
            max_offset_ms=round(worst * 1000, 1),
            median_offset_later_ms=round(median_later * 1000, 1),
        )
        driver.find_element(By.ID, "stop").click()

        # A 44.1 kHz stereo file is converted with a note, streamed and played to its end.
        upload(driver, stereo_wav)
        state = wait_for(driver, lambda s: s["state"] in ("ended", "error"), 20, "44.1 kHz stereo file did not end")
        note = state["note"] or ""
        checks.record(
            "stereo_44k_converted_with_note",
            state["state"] == "ended" and state["frames"] > 0 and "resampled from 44100 Hz" in note and "mono" in note,
            state=state["state"],
            note=note,
            frames=state["frames"],
        )

        upload(driver, odd_wav)
        state = wait_for(driver, lambda s: s["state"] in ("ended", "error"), 20, "8 kHz stereo 24-bit file did not end")
        note = state["note"] or ""
        checks.record(
            "wav_8k_stereo_24bit_converted_with_note",
            state["state"] == "ended" and "8000 Hz" in note and "24-bit" in note and "mono" in note,
            state=state["state"],
            note=note,
        )

        upload(driver, not_wav)
        state = wait_for(driver, lambda s: s["state"] == "error", 10, "no error for a non-WAV file")
        message = state["message"] or ""
        screenshot(driver, shots, "not-a-wav")
        checks.record(
            "non_wav_refused", "is not a WAV file" in message and "MP3" in message, message=message
        )
    finally:
        driver.quit()


def check_wrong_token(base, token, shots, checks):
    driver = browser()
    try:
        # The page itself is behind the API key: the server answers 401 with its reason.
        driver.get(f"{base}/demo?token=wrong-{token}")
        body = driver.find_element(By.TAG_NAME, "body").text
        screenshot(driver, shots, "wrong-token-page")
        checks.record(
            "wrong_token_page_refused",
            "valid API key is required" in body and driver.execute_script("return !window.audio2faceDemo"),
            body=body[:200],
        )
        # A wrong key typed into the page: its own message, and microphone mode refuses to start.
        driver.get(f"{base}/demo?token={token}")
        wait_for(driver, lambda s: s["state"] == "ready", 15, "page not ready")
        field = driver.find_element(By.ID, "token")
        field.clear()
        field.send_keys("not-the-key")
        driver.find_element(By.ID, "mic").click()
        state = wait_for(driver, lambda s: s["state"] == "error", 10, "no error for a wrong token")
        screenshot(driver, shots, "wrong-token-field")
        visible = driver.find_element(By.ID, "message").is_displayed()
        checks.record(
            "wrong_token_field_message",
            visible and "refused the token" in (state["message"] or "") and state["frames"] == 0,
            message=state["message"],
        )
    finally:
        driver.quit()


def check_microphone_denied(base, token, shots, checks):
    driver = browser(fake_ui=False)
    try:
        driver.get(f"{base}/demo?token={token}")
        wait_for(driver, lambda s: s["state"] == "ready", 15, "page not ready")
        driver.execute_cdp_cmd(
            "Browser.setPermission",
            {"permission": {"name": "microphone"}, "setting": "denied", "origin": base},
        )
        driver.find_element(By.ID, "mic").click()
        state = wait_for(driver, lambda s: s["state"] == "error", 10, "no error for a denied microphone")
        screenshot(driver, shots, "microphone-denied")
        checks.record(
            "microphone_denied_message", "Microphone access was denied" in (state["message"] or ""), message=state["message"]
        )
    finally:
        driver.quit()


def check_server_gone(base, token, loop, server_pid, shots, checks):
    """Kills the server (SIGKILL: no close frame) while the microphone streams."""
    driver = browser(fake_audio=loop)
    try:
        driver.get(f"{base}/demo?mic=1&token={token}")
        wait_for(driver, lambda s: s["state"] == "error" or s["frames"] > 10, 20, "no frames before the kill")
        os.kill(server_pid, signal.SIGKILL)
        state = wait_for(driver, lambda s: s["state"] == "error", 15, "no error after the server died")
        screenshot(driver, shots, "server-gone")
        checks.record(
            "server_gone_message", "lost mid-stream" in (state["message"] or ""), message=state["message"]
        )
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True, help="the server, e.g. http://127.0.0.1:18083")
    parser.add_argument("--token", required=True, help="an API key the server accepts")
    parser.add_argument("--speech", required=True, type=Path, help="16-bit mono speech WAV (a few seconds)")
    parser.add_argument("--long-speech", required=True, type=Path, help="a WAV of 8 s or more, for the sync check")
    parser.add_argument("--stereo-wav", required=True, type=Path, help="a 44.1 kHz stereo WAV")
    parser.add_argument("--screenshots", required=True, type=Path, help="folder for the screenshots")
    parser.add_argument("--docs-images", type=Path, help="also save demo-neutral.png and demo-vowel.png here")
    parser.add_argument("--server-pid", type=int, help="kill this server mid-stream as the last check")
    args = parser.parse_args()
    for name in ("speech", "long_speech", "stereo_wav"):
        setattr(args, name, getattr(args, name).resolve())  # the browser's file input takes absolute paths
    base = args.base_url.rstrip("/")
    args.screenshots.mkdir(parents=True, exist_ok=True)
    checks = Checks()
    errors = []
    with tempfile.TemporaryDirectory(prefix="a2f-demo-check-") as temporary:
        loop, odd_wav, not_wav = make_inputs(args.speech, Path(temporary))
        steps = [
            ("microphone", lambda: check_microphone(base, args.token, loop, args.screenshots, args.docs_images, checks)),
            ("file_mode", lambda: check_file_mode(
                base, args.token, args.long_speech, args.stereo_wav, odd_wav, not_wav, args.screenshots, checks)),
            ("wrong_token", lambda: check_wrong_token(base, args.token, args.screenshots, checks)),
            ("microphone_denied", lambda: check_microphone_denied(base, args.token, args.screenshots, checks)),
        ]
        if args.server_pid:
            steps.append(("server_gone", lambda: check_server_gone(
                base, args.token, loop, args.server_pid, args.screenshots, checks)))
        for name, step in steps:
            try:
                step()
            except Exception as error:  # a step that could not finish fails, and the rest still run
                checks.record(f"{name}_completed", False, error=f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
                errors.append(name)
    summary = {
        "checks": checks.results,
        "details": checks.details,
        "failed_checks": checks.failed,
        "ok": not checks.failed,
    }
    print(json.dumps(summary, indent=2, sort_keys=True))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
