"""Python client of the Audio2Face streaming service: speech audio in, blendshape frames out.

- :func:`stream_file` streams a WAV file and yields :class:`Frame` objects as they arrive;
- :func:`convert_file` does the same and returns the list (blocking);
- :func:`file_stream` sends a WAV file in the background and hands over the :class:`Stream`;
- :func:`connect` opens a stream for PCM of your own (:class:`Stream`: ``send_pcm``, ``end``, iterate);
- :func:`read_wav` reads any WAV file the service takes, converted for the wire.

Errors derive from :class:`Audio2FaceError`: :class:`StreamClosedError` (close code and reason),
:class:`AuthenticationError` (API key missing or refused), :class:`HandshakeError`,
:class:`ConnectionFailedError`, :class:`WAVFormatError` (names the field) and :class:`ProtocolError`.
"""

from .errors import (
    Audio2FaceError,
    AuthenticationError,
    ConnectionFailedError,
    HandshakeError,
    ProtocolError,
    StreamClosedError,
    WAVFormatError,
)
from .export import clip_json, live_link_csv
from .files import convert_file, file_stream, stream_file
from .frames import DEFAULT_FRAMES_PER_SECOND, Frame
from .streaming import DEFAULT_URL, Stream, connect
from .wav import WireAudio, read_wav

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_FRAMES_PER_SECOND",
    "DEFAULT_URL",
    "Audio2FaceError",
    "AuthenticationError",
    "ConnectionFailedError",
    "Frame",
    "HandshakeError",
    "ProtocolError",
    "Stream",
    "StreamClosedError",
    "WAVFormatError",
    "WireAudio",
    "clip_json",
    "connect",
    "convert_file",
    "file_stream",
    "live_link_csv",
    "read_wav",
    "stream_file",
]
