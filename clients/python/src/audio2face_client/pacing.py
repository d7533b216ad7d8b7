"""Cutting a recording into body messages and sending them at real-time pace.

A recording is cut into chunks of ``chunk_seconds`` of audio (whole sample frames, at least one), the
last holding what is left, as ``audio2face stream`` cuts it. Paced at real time, each chunk goes out
once the audio before it has "played" since the stream began, and the end message not before the whole
recording has, as a live microphone would send it. The clock and the sleep are injectable so the
pacing can be checked without waiting.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, Iterator, Optional

from .wav import WireAudio

#: A monotonic clock in seconds.
Clock = Callable[[], float]
#: Waits the given number of seconds.
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class AudioChunk:
    """One body's worth of a recording: its position from 0, its PCM bytes, and where it starts and
    ends in seconds of audio."""

    index: int
    pcm: bytes
    start_seconds: float
    end_seconds: float


def chunk_bytes(audio: WireAudio, chunk_seconds: float) -> int:
    """Bytes per chunk: ``chunk_seconds`` of ``audio``, in whole sample frames, at least one frame."""
    if not chunk_seconds > 0:
        raise ValueError(f"chunk_seconds {chunk_seconds} is not allowed; use a positive number of seconds, e.g. 0.04")
    return max(1, int(chunk_seconds * audio.sample_rate)) * audio.frame_bytes


def audio_chunks(audio: WireAudio, chunk_seconds: float) -> Iterator[AudioChunk]:
    """The chunks of ``audio`` in sending order."""
    step = chunk_bytes(audio, chunk_seconds)
    for index, start in enumerate(range(0, len(audio.pcm), step)):
        end = min(start + step, len(audio.pcm))
        yield AudioChunk(
            index=index,
            pcm=audio.pcm[start:end],
            start_seconds=start // audio.frame_bytes / audio.sample_rate,
            end_seconds=end // audio.frame_bytes / audio.sample_rate,
        )


class RealTimePacer:
    """Waits until a given amount of audio has played since :meth:`start`, on an injectable clock.

    Deadlines are counted in whole milliseconds from the start, so rounding never lets a chunk leave
    early; a deadline already passed returns at once without sleeping.
    """

    def __init__(self, clock: Optional[Clock] = None, sleep: Optional[Sleep] = None):
        self._clock: Clock = clock or time.monotonic
        self._sleep: Sleep = sleep or asyncio.sleep
        self._began: Optional[float] = None

    def start(self) -> None:
        """Marks the moment the stream began."""
        self._began = self._clock()

    async def wait_until(self, audio_seconds: float) -> None:
        """Returns once ``audio_seconds`` of audio have played since :meth:`start`."""
        if self._began is None:
            self.start()
        assert self._began is not None
        deadline = self._began + int(audio_seconds * 1_000) / 1_000
        remaining = deadline - self._clock()
        if remaining > 0:
            await self._sleep(remaining)
