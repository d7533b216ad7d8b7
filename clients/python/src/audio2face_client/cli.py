"""``audio2face-client``: streams a WAV file to a running service and writes the frames as CSV or JSON in
the layout of ``audio2face convert``.

    audio2face-client speech.wav --url ws://127.0.0.1:18083/api/v1/streaming_audio2face/ws -o speech.csv
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import List, Optional, Sequence, Tuple

from .errors import Audio2FaceError
from .export import export_format, export_frames
from .files import file_stream
from .frames import DEFAULT_FRAMES_PER_SECOND, Frame
from .streaming import DEFAULT_URL
from .wav import read_wav


def build_parser() -> argparse.ArgumentParser:
    """The command line's options."""
    parser = argparse.ArgumentParser(
        prog="audio2face-client",
        description="Stream a WAV file to an Audio2Face service and write the animation it returns.",
    )
    parser.add_argument(
        "file", help="input WAV file: 8/16/24/32-bit integer or 32/64-bit float, 8–48 kHz, 1–8 channels"
    )
    parser.add_argument("--url", default=DEFAULT_URL, help=f"WebSocket URL of the service (default: {DEFAULT_URL})")
    parser.add_argument("--profile", default=None, help="postprocessing profile (default: the server's)")
    parser.add_argument(
        "--token",
        default=os.environ.get("AUDIO2FACE_TOKEN"),
        help="API key, sent as 'Authorization: Bearer KEY' (default: $AUDIO2FACE_TOKEN)",
    )
    parser.add_argument(
        "--token-in-query", action="store_true", help="send the API key as ?token=KEY instead of a header"
    )
    parser.add_argument("--emotion", default=None, help="emotion preset for the whole file, e.g. happiness_2")
    parser.add_argument(
        "--no-realtime",
        dest="realtime",
        action="store_false",
        help="send the audio as fast as the server takes it instead of at real-time pace",
    )
    parser.add_argument("--chunk-ms", type=float, default=40.0, help="milliseconds of audio per message (default: 40)")
    parser.add_argument(
        "--fps",
        type=float,
        default=DEFAULT_FRAMES_PER_SECOND,
        help="the server's frames per second, for timecodes (default: 30)",
    )
    parser.add_argument(
        "-o", "--output", default=None, help="write the frames to this .csv (Live Link Face) or .json file"
    )
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command; returns the exit status (0 success, 1 failure, 2 bad arguments)."""
    parser = build_parser()
    options = parser.parse_args(argv)
    if options.output is not None:
        try:
            export_format(options.output)
        except ValueError as error:
            parser.error(str(error))
    if not options.chunk_ms > 0:
        parser.error(f"--chunk-ms {options.chunk_ms} is not allowed; use a positive number of milliseconds")
    if not options.fps > 0:
        parser.error(f"--fps {options.fps} is not allowed; use a positive frame rate, e.g. 30")
    try:
        audio = read_wav(options.file)
        names, frames = asyncio.run(_collect(options))
    except (Audio2FaceError, OSError, ValueError) as error:
        print(f"audio2face-client: error: {error}", file=sys.stderr)
        return 1
    summary = f"{len(frames)} frames × {len(names)} channels ({audio.duration_seconds:.2f} s of audio)"
    if options.output is None:
        print(f"received {summary}")
        return 0
    data = export_frames(frames, names, export_format(options.output), frames_per_second=options.fps)
    try:
        with open(options.output, "wb") as handle:
            handle.write(data)
    except OSError as error:
        print(f"audio2face-client: error: cannot write {options.output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {summary} to {options.output}")
    return 0


async def _collect(options: argparse.Namespace) -> Tuple[Tuple[str, ...], List[Frame]]:
    """The channel names and every frame of the stream the options describe."""
    async with file_stream(
        options.url,
        options.file,
        profile=options.profile,
        token=options.token,
        token_in_query=options.token_in_query,
        emotion=options.emotion,
        realtime=options.realtime,
        chunk_seconds=options.chunk_ms / 1_000,
        frames_per_second=options.fps,
    ) as stream:
        frames = [frame async for frame in stream]
        return stream.names or (), frames


if __name__ == "__main__":
    sys.exit(main())
