#!/usr/bin/env python3
"""Opens a review page written by `audio2face convert IN.wav -o OUT.html` in headless Chromium, from a
file:// URL with nothing else around it, and checks that it works offline: no console errors, the face
and the curves are drawn, the embedded audio plays, and the shown frame follows the audio's currentTime
after a seek and while playing.

Usage: review_page_check.py PAGE.html [--screenshot FILE.png]
Prints a JSON summary on stdout; exits 0 only when every check passed.
"""

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

STATE = """
const s = window.audio2faceReview;
const a = document.getElementById('audio');
if (!s) return null;
return {frameCount: s.frameCount, fps: s.framesPerSecond, drawsFace: s.drawsFace, drawn: s.drawnFrames,
        shownTime: s.currentTime, frameIndex: s.frameIndex, audioTime: a.currentTime,
        duration: a.duration, paused: a.paused, audioError: a.error ? a.error.code : null};
"""

# Share of a canvas's pixels that something was drawn on (alpha above zero).
DRAWN_SHARE = """
const canvas = document.getElementById(arguments[0]);
if (!canvas || canvas.width === 0) return 0;
const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let drawn = 0;
for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
return drawn / (pixels.length / 4);
"""


def wait_for(driver, predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


def make_driver():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1000",
                     "--autoplay-policy=no-user-gesture-required", "--mute-audio"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    driver_path = "/usr/bin/chromedriver"
    service = Service(driver_path) if os.path.exists(driver_path) else Service()
    return webdriver.Chrome(options=options, service=service)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()

    checks = {}
    driver = make_driver()
    try:
        driver.get(args.page.resolve().as_uri())
        state = wait_for(driver, lambda: (s := driver.execute_script(STATE)) and s["drawn"] > 2 and s,
                         15, "the player to draw")
        wait_for(driver, lambda: not math.isnan(driver.execute_script(STATE)["duration"] or math.nan),
                 15, "the audio's duration")
        state = driver.execute_script(STATE)
        fps = state["fps"]
        checks["audio decodes"] = state["audioError"] is None and state["duration"] > 0
        checks["audio length matches the frames"] = abs(state["frameCount"] / fps - state["duration"]) <= 1 / fps
        if state["drawsFace"]:
            checks["face drawn"] = driver.execute_script(DRAWN_SHARE, "face") > 0.2
        else:
            checks["MMD note shown instead of the face"] = driver.execute_script(
                "return !document.getElementById('note').hidden && document.querySelector('.face-frame').hidden;")
        # Seek to the middle and let it play a little: the shown frame is the one due at the audio's time.
        middle = state["duration"] / 2
        driver.execute_script("const a = document.getElementById('audio'); a.currentTime = arguments[0]; "
                              "return a.play();", middle)
        wait_for(driver, lambda: driver.execute_script(STATE)["audioTime"] > middle + 0.3, 10, "playback")
        driver.execute_script("document.getElementById('audio').pause();")
        time.sleep(0.2)
        state = driver.execute_script(STATE)
        checks["playback advanced"] = state["audioTime"] > middle + 0.3
        checks["face shows the audio's time"] = abs(state["shownTime"] - state["audioTime"]) < 1e-3
        expected_index = min(state["frameCount"] - 1, math.floor(state["audioTime"] * fps + 1e-6))
        checks["shown frame is the one due"] = state["frameIndex"] == expected_index
        if state["drawsFace"]:
            checks["curves drawn"] = driver.execute_script(DRAWN_SHARE, "curves") > 0.01
        # Seeking back while paused moves the face back too.
        driver.execute_script("document.getElementById('audio').currentTime = 0.5;")
        wait_for(driver, lambda: abs(driver.execute_script(STATE)["shownTime"] - 0.5) < 1e-3, 5, "the seek")
        checks["seek back followed"] = driver.execute_script(STATE)["frameIndex"] == math.floor(0.5 * fps)
        errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        checks["no console errors"] = not errors
        if args.screenshot:
            driver.save_screenshot(str(args.screenshot))
        summary = {"checks": checks, "errors": errors, "state": state}
    except Exception as error:  # report what failed as JSON, like every other outcome
        summary = {"checks": checks, "failure": f"{type(error).__name__}: {error}"}
        checks["completed"] = False
    finally:
        driver.quit()
    print(json.dumps(summary, indent=2, default=str))
    return 0 if checks and all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
