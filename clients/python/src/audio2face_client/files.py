"""Streaming a WAV file: frames as they arrive (:func:`stream_file`) or all at once (:func:`convert_file`)."""

from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager
from typing import AsyncIterator, List, Optional, Union

from .errors import StreamClosedError
from .frames import DEFAULT_FRAMES_PER_SECOND, Frame
from .pacing import Clock, RealTimePacer, Sleep, audio_chunks, chunk_bytes
from .streaming import Stream, connect
from .wav import WireAudio, read_wav


@asynccontextmanager
async def file_stream(
    url: str,
    path: Union[str, os.PathLike],
    *,
    profile: Optional[str] = None,
    token: Optional[str] = None,
    emotion: Optional[str] = None,
    realtime: bool = True,
    chunk_seconds: float = 0.04,
    request_id: Optional[str] = None,
    token_in_query: bool = False,
    response_chunk_frames: int = 0,
    frames_per_second: float = DEFAULT_FRAMES_PER_SECOND,
    open_timeout: float = 10.0,
    clock: Optional[Clock] = None,
    sleep: Optional[Sleep] = None,
) -> AsyncIterator[Stream]:
    """Opens a stream for the WAV file at ``path`` and sends the file in the background; iterate the
    :class:`Stream` it yields for the frames (its ``names`` are there once the server's start arrived).

    The file is read and checked before connecting (:class:`WAVFormatError` names the field of a file
    the service cannot take) and sent in ``chunk_seconds`` pieces, at real-time pace when ``realtime``
    (as a live microphone would) or as fast as the connection takes them otherwise. ``emotion`` is an
    emotion preset (e.g. ``happiness_2``) for the whole file. ``clock`` and ``sleep`` replace
    ``time.monotonic`` and ``asyncio.sleep`` for the pacing. The other options are those of
    :func:`connect`; ``request_id`` defaults to the file's name.
    """
    audio = read_wav(path)
    chunk_bytes(audio, chunk_seconds)  # a bad chunk length is refused before connecting
    async with connect(
        url,
        sample_rate=audio.sample_rate,
        sample_width=audio.sample_width,
        channels=audio.channels,
        profile=profile,
        token=token,
        token_in_query=token_in_query,
        request_id=request_id or os.path.basename(os.fspath(path)),
        response_chunk_frames=response_chunk_frames,
        frames_per_second=frames_per_second,
        open_timeout=open_timeout,
    ) as stream:
        pacer = RealTimePacer(clock=clock, sleep=sleep) if realtime else None
        sender = asyncio.ensure_future(
            _send_recording(stream, audio, emotion=emotion, chunk_seconds=chunk_seconds, pacer=pacer)
        )
        try:
            yield stream
        finally:
            if not sender.done():
                sender.cancel()
            try:
                await sender
            except BaseException:  # the sender's failures reach the caller through the stream's iteration
                pass


async def stream_file(
    url: str,
    path: Union[str, os.PathLike],
    *,
    profile: Optional[str] = None,
    token: Optional[str] = None,
    emotion: Optional[str] = None,
    realtime: bool = True,
    chunk_seconds: float = 0.04,
    request_id: Optional[str] = None,
    **options,
) -> AsyncIterator[Frame]:
    """Streams the WAV file at ``path`` to the service at ``url`` and yields every frame as it arrives.
    The options are those of :func:`file_stream` (also ``token_in_query``, ``response_chunk_frames``,
    ``frames_per_second``, ``open_timeout``, ``clock`` and ``sleep``)."""
    async with file_stream(
        url,
        path,
        profile=profile,
        token=token,
        emotion=emotion,
        realtime=realtime,
        chunk_seconds=chunk_seconds,
        request_id=request_id,
        **options,
    ) as stream:
        async for frame in stream:
            yield frame


def convert_file(url: str, path: Union[str, os.PathLike], **options) -> List[Frame]:
    """Streams the WAV file at ``path`` and returns all frames; the options are those of
    :func:`file_stream`. Blocks; call it where no asyncio event loop is running."""

    async def collect() -> List[Frame]:
        return [frame async for frame in stream_file(url, path, **options)]

    return asyncio.run(collect())


async def _send_recording(
    stream: Stream, audio: WireAudio, *, emotion: Optional[str], chunk_seconds: float, pacer: Optional[RealTimePacer]
) -> None:
    """Sends every chunk of ``audio`` (the emotion preset with the first), paced when ``pacer`` is
    given, then the end message once the whole recording has played."""
    try:
        if pacer is not None:
            pacer.start()
        for chunk in audio_chunks(audio, chunk_seconds):
            if pacer is not None:
                await pacer.wait_until(chunk.start_seconds)
            await stream.send_pcm(chunk.pcm, emotion=emotion if chunk.index == 0 else None)
        if pacer is not None:
            await pacer.wait_until(audio.duration_seconds)
        await stream.end()
    except StreamClosedError:
        # The server closed the stream; the stream's iteration reports that close with its reason.
        pass
    except Exception as error:
        stream.fail(error)
        raise
