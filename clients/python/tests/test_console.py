"""The ``audio2face-client`` console script as installed: files equal to ``audio2face convert``'s, keys,
and its errors."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import unittest
from pathlib import Path
from typing import List

from support import (
    FLOAT16_TOLERANCE,
    SPEECH_FIXTURE,
    TemporaryFolder,
    require_server,
    run_convert,
    wav_bytes,
)

#: The console script pip installed beside this interpreter.
CONSOLE_SCRIPT = Path(sys.executable).parent / "audio2face-client"


def run_client(*arguments: str, token_env: str = "") -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "AUDIO2FACE_TOKEN"}
    if token_env:
        environment["AUDIO2FACE_TOKEN"] = token_env
    return subprocess.run(
        [str(CONSOLE_SCRIPT), *arguments], capture_output=True, text=True, timeout=300, env=environment
    )


class ConsoleScriptTests(unittest.TestCase):
    def setUp(self):
        self.server = require_server(self)
        self.folder = TemporaryFolder(self)
        self.assertTrue(CONSOLE_SCRIPT.is_file(), f"{CONSOLE_SCRIPT} is missing: pip install ./clients/python")

    def test_csv_and_json_are_byte_for_byte_convert_output(self):
        for extension in ("csv", "json"):
            with self.subTest(format=extension):
                output = self.folder.path / f"client.{extension}"
                run = run_client(
                    str(SPEECH_FIXTURE), "--url", self.server.url_float32, "--no-realtime", "-o", str(output)
                )
                self.assertEqual(run.returncode, 0, run.stderr)
                self.assertIn(f"wrote 80 frames × 51 channels (2.64 s of audio) to {output}", run.stdout)
                reference = run_convert(self.server, SPEECH_FIXTURE, self.folder.path / f"convert.{extension}")
                self.assertEqual(output.read_bytes(), reference)

    def test_float16_csv_has_converts_layout_and_values(self):
        output = self.folder.path / "client.csv"
        run = run_client(
            str(SPEECH_FIXTURE),
            "--url",
            self.server.url,
            "--token",
            self.server.token,
            "--no-realtime",
            "--emotion",
            "happiness_2",
            "--profile",
            "arkit-default",
            "-o",
            str(output),
        )
        self.assertEqual(run.returncode, 0, run.stderr)
        reference = run_convert(
            self.server, SPEECH_FIXTURE, self.folder.path / "convert.csv", "--offset", "happiness_2"
        ).decode()
        ours = self.rows(output.read_text())
        theirs = self.rows(reference)
        self.assertEqual(ours[0], theirs[0], "same header")
        self.assertEqual(len(ours), len(theirs))
        for mine, expected in zip(ours[1:], theirs[1:]):
            self.assertEqual(mine[:2], expected[:2], "same timecode and channel count")
            for value, reference_value in zip(mine[2:], expected[2:]):
                self.assertLessEqual(abs(float(value) - float(reference_value)), FLOAT16_TOLERANCE + 1e-6)

    def test_the_key_from_the_environment_and_in_the_query(self):
        run = run_client(str(SPEECH_FIXTURE), "--url", self.server.url, "--no-realtime", token_env=self.server.token)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("received 80 frames × 51 channels", run.stdout)
        run = run_client(
            str(SPEECH_FIXTURE),
            "--url",
            self.server.url,
            "--token",
            self.server.token,
            "--token-in-query",
            "--no-realtime",
        )
        self.assertEqual(run.returncode, 0, run.stderr)

    def test_a_wrong_key_fails_with_a_clear_message(self):
        run = run_client(str(SPEECH_FIXTURE), "--url", self.server.url, "--token", "wrong", "--no-realtime")
        self.assertEqual(run.returncode, 1)
        self.assertIn("audio2face-client: error: the server refused the API key (HTTP 401", run.stderr)
        self.assertIn("--token KEY", run.stderr)

    def test_an_empty_file_writes_converts_header(self):
        empty = self.folder.write(
            "empty.wav", wav_bytes(format_tag=1, bits=16, sample_rate=16_000, channels=1, data=b"")
        )
        for extension in ("csv", "json"):
            with self.subTest(format=extension):
                output = self.folder.path / f"empty.{extension}"
                run = run_client(str(empty), "--url", self.server.url_float32, "--no-realtime", "-o", str(output))
                self.assertEqual(run.returncode, 0, run.stderr)
                self.assertIn("wrote 0 frames × 51 channels", run.stdout)
                reference = run_convert(self.server, empty, self.folder.path / f"empty-convert.{extension}")
                self.assertEqual(output.read_bytes(), reference)

    def test_bad_arguments_and_files(self):
        run = run_client(str(SPEECH_FIXTURE), "--url", self.server.url_float32, "-o", "out.txt")
        self.assertEqual(run.returncode, 2)
        self.assertIn("cannot tell the format of 'out.txt'; use a .csv or .json file name", run.stderr)
        stereo9 = self.folder.write(
            "nine.wav", wav_bytes(format_tag=1, bits=16, sample_rate=16_000, channels=9, data=b"\0" * 18)
        )
        run = run_client(str(stereo9), "--url", self.server.url_float32)
        self.assertEqual(run.returncode, 1)
        self.assertIn("audio2face-client: error: n_channels 9 is not supported; use 1…8", run.stderr)
        run = run_client(str(self.folder.path / "missing.wav"), "--url", self.server.url_float32)
        self.assertEqual(run.returncode, 1)
        self.assertIn("No such file or directory", run.stderr)

    @staticmethod
    def rows(text: str) -> List[List[str]]:
        return list(csv.reader(io.StringIO(text)))


if __name__ == "__main__":
    unittest.main()
