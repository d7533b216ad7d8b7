"""What the tests share: the repository's paths, the servers under test, WAV files written on the spot,
and ``audio2face convert`` as the reference output.

The servers are started by the Swift test (Tests/Audio2FaceCLITests/PythonClientTests.swift) and
named by ``run_tests.py``'s options, which it puts into the environment:

- ``A2F_TEST_URL``, ``A2F_TEST_TOKEN``: a server as users run it (float16 frames) with API keys on;
- ``A2F_TEST_URL_FLOAT32``: the same engine and blink seed sending float32 frames, without keys, whose
  output must equal ``audio2face convert``'s byte for byte;
- ``A2F_TEST_AUDIO2FACE``, ``A2F_TEST_CONVERT_CONFIG``: the binary and the config ``convert`` runs with.
"""

from __future__ import annotations

import json
import math
import os
import struct
import subprocess
import tempfile
import unittest
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

#: The repository's root folder.
REPOSITORY = Path(__file__).resolve().parents[3]
#: A short committed speech recording (16 kHz, 16-bit, mono).
SPEECH_FIXTURE = REPOSITORY / "Tests/Audio2FaceServerTests/Fixtures/speech-short.wav"
#: Largest difference between a float16 weight and the float32 one it was rounded from (weights are
#: below 2, where a float16 step is at most 2^-10).
FLOAT16_TOLERANCE = 2.0**-10


@dataclass(frozen=True)
class ServerUnderTest:
    """The servers and the reference command the server tests run against."""

    url: str
    token: str
    url_float32: str
    audio2face: str
    convert_config: str


def server_under_test() -> Optional[ServerUnderTest]:
    """The servers named in the environment, or None when the tests run without them."""
    names = ["A2F_TEST_URL", "A2F_TEST_TOKEN", "A2F_TEST_URL_FLOAT32", "A2F_TEST_AUDIO2FACE", "A2F_TEST_CONVERT_CONFIG"]
    values = [os.environ.get(name) for name in names]
    if not all(values):
        return None
    return ServerUnderTest(*values)  # type: ignore[arg-type]


def require_server(case: unittest.TestCase) -> ServerUnderTest:
    """The servers, or a skip naming how to provide them (the Swift test fails on any skip)."""
    server = server_under_test()
    if server is None:
        case.skipTest("no server under test: run via run_tests.py with --url, --token, --url-float32, ... ")
    assert server is not None
    return server


def expected_frame_count(seconds: float) -> int:
    """Frames the service answers for ``seconds`` of audio: ceil(seconds × 30)."""
    return math.ceil(seconds * 30 - 1e-9)


def speech_samples() -> List[int]:
    """The committed speech fixture's 16-bit samples (16 kHz mono)."""
    with wave.open(str(SPEECH_FIXTURE), "rb") as reader:
        assert (reader.getframerate(), reader.getsampwidth(), reader.getnchannels()) == (16_000, 2, 1)
        data = reader.readframes(reader.getnframes())
    return list(struct.unpack(f"<{len(data) // 2}h", data))


def wav_bytes(
    *,
    format_tag: int,
    bits: int,
    sample_rate: int,
    channels: int,
    data: bytes,
    extensible_sub_format: Optional[int] = None,
    extra_chunks: bytes = b"",
) -> bytes:
    """A WAV file with the given ``fmt `` fields and ``data`` chunk. With ``extensible_sub_format``
    the ``fmt `` chunk is WAVE_FORMAT_EXTENSIBLE (40 bytes) naming that format code in its GUID.
    ``extra_chunks`` go between ``fmt `` and ``data``."""
    block_align = bits // 8 * channels
    fields = struct.pack("<HHIIHH", format_tag, channels, sample_rate, sample_rate * block_align, block_align, bits)
    if extensible_sub_format is not None:
        guid = struct.pack("<H", extensible_sub_format) + bytes.fromhex("000000001000800000aa00389b71")
        fields = (
            struct.pack("<HHIIHH", 0xFFFE, channels, sample_rate, sample_rate * block_align, block_align, bits)
            + struct.pack("<HHI", 22, bits, (1 << channels) - 1)
            + guid
        )
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fields)) + fields + extra_chunks
    body += b"data" + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")
    return b"RIFF" + struct.pack("<I", len(body)) + body


def interleave(channels: Sequence[Sequence[int]]) -> List[int]:
    """Samples of several channels, interleaved frame by frame."""
    return [sample for frame in zip(*channels) for sample in frame]


class TemporaryFolder:
    """A folder removed with the test case (``case.addCleanup``)."""

    def __init__(self, case: unittest.TestCase):
        self._folder = tempfile.TemporaryDirectory(prefix="a2f-python-client-")
        case.addCleanup(self._folder.cleanup)
        self.path = Path(self._folder.name)

    def write(self, name: str, data: bytes) -> Path:
        """Writes ``data`` to ``name`` in the folder and returns its path."""
        path = self.path / name
        path.write_bytes(data)
        return path


def run_convert(server: ServerUnderTest, wav: Path, output: Path, *extra: str) -> bytes:
    """Runs ``audio2face convert`` on ``wav`` into ``output`` (.csv or .json) and returns the file."""
    completed = subprocess.run(
        [server.audio2face, "convert", str(wav), "-o", str(output), "--config", server.convert_config, *extra],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if completed.returncode != 0:
        raise AssertionError(f"audio2face convert failed ({completed.returncode}): {completed.stderr}")
    return output.read_bytes()


def convert_json(server: ServerUnderTest, wav: Path, folder: TemporaryFolder, *extra: str) -> dict:
    """``audio2face convert``'s JSON document for ``wav``."""
    return json.loads(run_convert(server, wav, folder.path / f"{wav.stem}-convert.json", *extra))
