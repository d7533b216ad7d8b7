"""Chunking and real-time pacing, on an injected clock: nothing here waits on wall time."""

from __future__ import annotations

import asyncio
import unittest
from typing import List, Tuple
from unittest import mock

from audio2face_client import WireAudio, read_wav, stream_file
from audio2face_client.pacing import RealTimePacer, audio_chunks
from audio2face_client.streaming import Stream

from support import SPEECH_FIXTURE, expected_frame_count, require_server


class VirtualClock:
    """A clock that moves only when something sleeps on it; records every sleep."""

    def __init__(self):
        self.now = 100.0
        self.sleeps: List[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def mono16(seconds: float, rate: int = 16_000) -> WireAudio:
    return WireAudio(rate, 2, 1, b"\0\0" * int(seconds * rate), "16-bit integer PCM")


class ChunkTests(unittest.TestCase):
    def test_chunks_are_whole_frames_of_the_asked_length(self):
        chunks = list(audio_chunks(mono16(0.1), 0.04))
        self.assertEqual([len(chunk.pcm) for chunk in chunks], [1280, 1280, 640])
        self.assertEqual([chunk.start_seconds for chunk in chunks], [0.0, 0.04, 0.08])
        self.assertEqual([chunk.end_seconds for chunk in chunks], [0.04, 0.08, 0.1])
        self.assertEqual(b"".join(chunk.pcm for chunk in chunks), mono16(0.1).pcm)

    def test_a_tiny_chunk_is_one_frame(self):
        stereo32 = WireAudio(8_000, 4, 2, b"\0" * 8 * 3, "32-bit integer PCM")
        self.assertEqual([len(chunk.pcm) for chunk in audio_chunks(stereo32, 1e-9)], [8, 8, 8])

    def test_chunk_length_must_be_positive(self):
        with self.assertRaises(ValueError) as raised:
            list(audio_chunks(mono16(0.1), 0))
        self.assertIn("chunk_seconds 0 is not allowed", str(raised.exception))


class PacerTests(unittest.TestCase):
    def test_waits_until_the_audio_has_played(self):
        clock = VirtualClock()
        pacer = RealTimePacer(clock=clock, sleep=clock.sleep)

        async def run():
            pacer.start()
            await pacer.wait_until(0.0)
            await pacer.wait_until(0.04)
            clock.now += 0.5  # the caller was slow: later deadlines already passed
            await pacer.wait_until(0.08)
            await pacer.wait_until(1.0)

        asyncio.run(run())
        self.assertEqual(len(clock.sleeps), 2)
        self.assertAlmostEqual(clock.sleeps[0], 0.04)
        self.assertAlmostEqual(clock.sleeps[1], 1.0 - 0.54)

    def test_deadlines_are_whole_milliseconds_never_early(self):
        clock = VirtualClock()
        pacer = RealTimePacer(clock=clock, sleep=clock.sleep)
        asyncio.run(self._wait(pacer, 0.0416666))
        self.assertAlmostEqual(clock.sleeps[0], 0.041)

    @staticmethod
    async def _wait(pacer: RealTimePacer, seconds: float) -> None:
        pacer.start()
        await pacer.wait_until(seconds)


class PacedStreamTests(unittest.TestCase):
    """A real stream whose sends are timed on a virtual clock."""

    def stream(self, realtime: bool) -> Tuple[VirtualClock, List[Tuple[str, float]], int]:
        server = require_server(self)
        clock = VirtualClock()
        sent: List[Tuple[str, float]] = []
        original_send_pcm, original_end = Stream.send_pcm, Stream.end

        async def send_pcm(stream, pcm, *, emotion=None):
            sent.append(("body", clock.now))
            await original_send_pcm(stream, pcm, emotion=emotion)

        async def end(stream):
            sent.append(("end", clock.now))
            await original_end(stream)

        async def collect() -> int:
            count = 0
            async for _ in stream_file(
                server.url,
                SPEECH_FIXTURE,
                token=server.token,
                realtime=realtime,
                chunk_seconds=0.04,
                clock=clock,
                sleep=clock.sleep,
            ):
                count += 1
            return count

        with mock.patch.object(Stream, "send_pcm", send_pcm), mock.patch.object(Stream, "end", end):
            frames = asyncio.run(collect())
        return clock, sent, frames

    def test_realtime_sends_each_chunk_when_its_audio_has_played(self):
        clock, sent, frames = self.stream(realtime=True)
        audio = read_wav(SPEECH_FIXTURE)
        chunks = list(audio_chunks(audio, 0.04))
        self.assertEqual(frames, expected_frame_count(audio.duration_seconds))
        self.assertEqual([kind for kind, _ in sent], ["body"] * len(chunks) + ["end"])
        for chunk, (_, at) in zip(chunks, sent):
            self.assertAlmostEqual(at - 100.0, int(chunk.start_seconds * 1000) / 1000, places=9)
        self.assertAlmostEqual(sent[-1][1] - 100.0, int(audio.duration_seconds * 1000) / 1000, places=9)

    def test_without_realtime_nothing_waits(self):
        clock, sent, frames = self.stream(realtime=False)
        audio = read_wav(SPEECH_FIXTURE)
        self.assertEqual(clock.sleeps, [])
        self.assertEqual(len(sent), len(list(audio_chunks(audio, 0.04))) + 1)
        self.assertEqual(frames, expected_frame_count(audio.duration_seconds))


if __name__ == "__main__":
    unittest.main()
