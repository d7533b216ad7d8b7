"""One stream over a WebSocket: open it, send PCM, end it, and read the frames that come back.

::

    async with connect(url, sample_rate=16000, sample_width=2, channels=1, token=key) as stream:
        await stream.send_pcm(pcm_bytes, emotion="happiness_2")
        await stream.end()
        async for frame in stream:
            print(frame.time, frame.weights["JawOpen"])

Replies are read in the background from the moment the stream opens, so a caller may send a whole
recording before reading without the server ever waiting on it.
"""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager
from typing import AsyncIterator, Dict, Optional, Tuple, Union
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as _websocket_connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from . import wire
from .errors import (
    Audio2FaceError,
    AuthenticationError,
    ConnectionFailedError,
    HandshakeError,
    ProtocolError,
    StreamClosedError,
)
from .frames import DEFAULT_FRAMES_PER_SECOND, Frame

#: The service's WebSocket endpoint on its default address.
DEFAULT_URL = "ws://127.0.0.1:18083/api/v1/streaming_audio2face/ws"
#: Largest server message accepted (a response body of many frames).
MAX_MESSAGE_BYTES = 64 << 20
# Close code reported when the connection ended without a close frame.
_ABNORMAL_CLOSURE = 1006

_END = object()


class Stream:
    """An open stream. Send audio with :meth:`send_pcm`, finish with :meth:`end`, iterate for frames.

    ``names`` and ``dtype`` hold the server's channel names and element type once its start message
    has arrived (``None`` before). Iteration ends after the server's end message; a stream the server
    closes early raises :class:`StreamClosedError` with the close code and reason once the frames that
    came before it have been handed out.
    """

    def __init__(self, connection: ClientConnection, *, frames_per_second: float = DEFAULT_FRAMES_PER_SECOND):
        if not frames_per_second > 0:
            raise ValueError(f"frames_per_second {frames_per_second} is not allowed; use a positive rate, e.g. 30")
        self._connection = connection
        self._frames_per_second = frames_per_second
        self._queue: "asyncio.Queue[object]" = asyncio.Queue()
        self._frames_read = 0
        self._end_sent = False
        self._outcome: Optional[Union[BaseException, object]] = None
        self.names: Optional[Tuple[str, ...]] = None
        self.dtype: Optional[str] = None
        self._reader = asyncio.ensure_future(self._read_replies())

    async def send_pcm(self, pcm: bytes, *, emotion: Optional[str] = None) -> None:
        """Sends interleaved little-endian PCM in the format declared when the stream was opened. A
        non-empty ``emotion`` (an emotion preset such as ``happiness_2``) applies from this audio on;
        ``send_pcm(b"", emotion=…)`` changes only the preset."""
        if self._end_sent:
            raise RuntimeError("send_pcm() after end(): the stream takes no more audio")
        await self._send(wire.encode_body(pcm, emotion or ""))

    async def end(self) -> None:
        """Tells the server no more audio follows; it answers the rest and ends the stream. Calling it
        again does nothing."""
        if self._end_sent:
            return
        self._end_sent = True
        await self._send(wire.encode_end())

    def __aiter__(self) -> "Stream":
        return self

    async def __anext__(self) -> Frame:
        if self._outcome is not None:
            return self._repeat_outcome()
        item = await self._queue.get()
        if isinstance(item, Frame):
            return item
        self._outcome = item
        return self._repeat_outcome()

    async def close(self) -> None:
        """Closes the connection (normal closure) and stops reading."""
        self._reader.cancel()
        try:
            await self._reader
        except BaseException:  # the reader's own end; close() reports nothing
            pass
        await self._connection.close()

    def fail(self, error: BaseException) -> None:
        """Ends iteration with ``error`` after the frames already received (used when sending fails
        for a reason of the client's own)."""
        self._queue.put_nowait(error)

    def _repeat_outcome(self) -> Frame:
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        raise StopAsyncIteration

    async def _send(self, message: bytes) -> None:
        try:
            await self._connection.send(message)
        except ConnectionClosed as closed:
            raise _received_close(closed) from None

    async def _read_replies(self) -> None:
        try:
            async for message in self._connection:
                if isinstance(message, str):
                    continue
                if self._take(message):
                    self._queue.put_nowait(_END)
                    return
            self._queue.put_nowait(_closed_error(self._connection.close_code, self._connection.close_reason or ""))
        except ConnectionClosed as closed:
            self._queue.put_nowait(_received_close(closed))
        except Audio2FaceError as error:
            self._queue.put_nowait(error)
            await self._connection.close(1002, str(error)[:120])

    def _take(self, message: bytes) -> bool:
        """Handles one server message; True once the server's end message has arrived."""
        decoded = wire.decode_server_message(
            message, dtype=self.dtype or "float16", channel_count=len(self.names or ())
        )
        if isinstance(decoded, wire.ResponseStart):
            if self.names is not None:
                raise ProtocolError(f"{wire.RESPONSE_START} arrived twice")
            self.names, self.dtype = decoded.names, decoded.dtype
            return False
        if isinstance(decoded, wire.ResponseBody):
            if self.names is None:
                raise ProtocolError(f"{wire.RESPONSE_BODY} arrived before {wire.RESPONSE_START}")
            width = len(self.names)
            for row in range(len(decoded.values) // width):
                values = decoded.values[row * width : (row + 1) * width]
                index = self._frames_read
                self._frames_read += 1
                self._queue.put_nowait(
                    Frame(index=index, time=index / self._frames_per_second, weights=dict(zip(self.names, values)))
                )
            return False
        return True


@asynccontextmanager
async def connect(
    url: str = DEFAULT_URL,
    *,
    sample_rate: int = 16_000,
    sample_width: int = 2,
    channels: int = 1,
    profile: Optional[str] = None,
    token: Optional[str] = None,
    token_in_query: bool = False,
    request_id: Optional[str] = None,
    response_chunk_frames: int = 0,
    frames_per_second: float = DEFAULT_FRAMES_PER_SECOND,
    open_timeout: float = 10.0,
) -> AsyncIterator[Stream]:
    """Opens a stream of PCM audio in the given format (``sample_width`` in bytes: 1 = unsigned 8-bit,
    2 = signed 16-bit, 4 = signed 32-bit) and sends its start message.

    ``profile`` picks the server's postprocessing profile (its default when ``None``); ``token`` is the
    API key, sent as ``Authorization: Bearer <token>`` or, with ``token_in_query``, as ``?token=``;
    ``response_chunk_frames`` asks for that many frames per response body (0: the server's choice);
    ``frames_per_second`` is the server's frame rate (``streaming.frames_per_second``), used for
    :attr:`Frame.time`. The server checks the format and closes the stream with code 1008 and a reason
    naming the field when it refuses one.
    """
    connection = await _open_connection(url, token=token, token_in_query=token_in_query, open_timeout=open_timeout)
    stream = Stream(connection, frames_per_second=frames_per_second)
    try:
        await stream._send(
            wire.encode_start(
                request_id=request_id or f"python-{uuid.uuid4().hex[:12]}",
                sample_rate=sample_rate,
                sample_width=sample_width,
                channels=channels,
                profile=profile or "",
                response_chunk_frames=response_chunk_frames,
            )
        )
        yield stream
    finally:
        await stream.close()


def url_with_token(url: str, token: str) -> str:
    """``url`` with ``token=<token>`` in its query (replacing one already there)."""
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "token"]
    query.append(("token", token))
    return urlunsplit(parts._replace(query=urlencode(query)))


def redacted(url: str) -> str:
    """``url`` with the value of any ``token`` query parameter hidden, for messages."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(key, "***" if key == "token" else value) for key, value in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


async def _open_connection(
    url: str, *, token: Optional[str], token_in_query: bool, open_timeout: float
) -> ClientConnection:
    headers: Dict[str, str] = {}
    if token is not None and token_in_query:
        url = url_with_token(url, token)
    elif token is not None:
        headers["Authorization"] = f"Bearer {token}"
    try:
        return await _websocket_connect(
            url,
            additional_headers=headers,
            open_timeout=open_timeout,
            max_size=MAX_MESSAGE_BYTES,
            compression=None,
        )
    except InvalidStatus as refusal:
        status = refusal.response.status_code
        body = (refusal.response.body or b"").decode("utf-8", "replace").strip()
        if status == 401:
            raise AuthenticationError(status, body, _authentication_message(token, body)) from None
        raise HandshakeError(status, body) from None
    except InvalidURI:
        raise ValueError(
            f"url '{redacted(url)}' is not a WebSocket URL; use ws://HOST:PORT{urlsplit(DEFAULT_URL).path} "
            "(or wss:// behind TLS)"
        ) from None
    except (OSError, asyncio.TimeoutError, InvalidHandshake) as error:
        raise ConnectionFailedError(f"cannot connect to {redacted(url)}: {error or type(error).__name__}") from None


def _authentication_message(token: Optional[str], body: str) -> str:
    said = f" (HTTP 401: {body})" if body else " (HTTP 401)"
    if token is None:
        return (
            f"the server requires an API key{said}; pass it as token=KEY "
            "(audio2face-client: --token KEY), sent as 'Authorization: Bearer KEY'"
        )
    return (
        f"the server refused the API key{said}; check the token (audio2face-client: --token KEY) "
        "against the server's auth.keys_file / auth.keys_env"
    )


def _closed_error(code: Optional[int], reason: str) -> StreamClosedError:
    return StreamClosedError(code if code is not None else _ABNORMAL_CLOSURE, reason)


def _received_close(closed: ConnectionClosed) -> StreamClosedError:
    """The server's close frame as the error, 1006 when none arrived."""
    received = closed.rcvd
    return _closed_error(received.code if received else None, received.reason if received else "")
