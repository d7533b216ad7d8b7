"""The exceptions of the client; every one derives from :class:`Audio2FaceError`."""

from __future__ import annotations

from typing import Optional


class Audio2FaceError(Exception):
    """Base class of every error this package raises."""


class WAVFormatError(Audio2FaceError, ValueError):
    """A WAV file the service cannot take. ``field`` names what is wrong (``sample_rate``,
    ``n_channels``, ``bits_per_sample``, ``format_tag``, ``sub_format`` or ``riff``); the message says
    which values are allowed."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class StreamClosedError(Audio2FaceError):
    """The server closed the stream before it ended: ``code`` is the WebSocket close code, ``reason``
    the server's explanation.

    1008 means the client sent something the server refuses (the reason names the field), 1009 a
    message over the size limit, 1013 a server or client at its stream limit (try again later), 1001 a
    server shutting down, 1011 a failure inside the server. ``code`` is 1006 when the connection was
    lost without a close frame.
    """

    def __init__(self, code: int, reason: str):
        self.code = code
        self.reason = reason
        text = reason or "no reason given"
        super().__init__(f"the server closed the stream with code {code}: {text}")


class HandshakeError(Audio2FaceError):
    """The server answered the WebSocket upgrade with an HTTP error: ``status`` is its status code,
    ``body`` the text it sent."""

    def __init__(self, status: int, body: str, message: Optional[str] = None):
        self.status = status
        self.body = body
        if message is None:
            message = f"the server refused the WebSocket upgrade with HTTP {status}" + (f": {body}" if body else "")
        super().__init__(message)


class AuthenticationError(HandshakeError):
    """The server wants an API key (HTTP 401) and none, or a wrong one, was sent."""


class ConnectionFailedError(Audio2FaceError):
    """No WebSocket connection could be opened (nothing listening, a bad host, a timeout)."""


class ProtocolError(Audio2FaceError):
    """The server sent something the protocol does not allow (a broken message, an unknown dtype)."""
