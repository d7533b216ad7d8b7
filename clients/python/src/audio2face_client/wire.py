"""The WebSocket protocol's messages: encoding what the client sends, decoding what the server answers.

Every binary WebSocket message carries one protobuf message of ``Protos/audio2face_v1.proto``
(``audio2face_v1_pb2`` is generated from it, see ``clients/python/generate-proto.sh``); its
``class_name`` field says which step of the stream it is. A client sends one start, any number of
bodies with PCM bytes and one end; the server answers one start (channel names and the element type
of the frame data), bodies of frames, and one end once all audio is answered.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Tuple, Union

from . import audio2face_v1_pb2 as _pb
from .errors import ProtocolError

#: ``class_name`` of the client's first message: the stream's audio format and profile.
CHUNK_START = "StreamingAudio2FaceV1ChunkStart"
#: ``class_name`` of a client message carrying PCM bytes (and optionally an emotion preset).
CHUNK_BODY = "StreamingAudio2FaceV1ChunkBody"
#: ``class_name`` of the client's last message: no more audio.
CHUNK_END = "StreamingAudio2FaceV1ChunkEnd"
#: ``class_name`` of the server's first message: channel names and dtype.
RESPONSE_START = "Audio2FaceV1ResponseChunkStart"
#: ``class_name`` of a server message carrying frames.
RESPONSE_BODY = "Audio2FaceV1ResponseChunkBody"
#: ``class_name`` of the server's last message: every frame has been sent.
RESPONSE_END = "Audio2FaceV1ResponseChunkEnd"

#: Element types of response bodies and the ``struct`` code of one little-endian value of each.
DTYPE_STRUCT_CODES = {"float16": "e", "float32": "f"}


def encode_start(
    *,
    request_id: str,
    sample_rate: int,
    sample_width: int,
    channels: int,
    profile: str = "",
    response_chunk_frames: int = 0,
) -> bytes:
    """The stream's start message. ``sample_width`` is in bytes (1, 2 or 4); an empty ``profile``
    asks for the server's default one; ``response_chunk_frames`` 0 lets the server choose how many
    frames each response body holds."""
    return _pb.Audio2FaceBlendshapeV1Request(
        class_name=CHUNK_START,
        request_id=request_id,
        sample_rate=sample_rate,
        sample_width=sample_width,
        n_channels=channels,
        profile_name=profile,
        response_chunk_n_frames=response_chunk_frames,
    ).SerializeToString()


def encode_body(pcm: bytes, emotion: str = "") -> bytes:
    """A body message with interleaved little-endian PCM bytes; a non-empty ``emotion`` switches the
    stream's emotion preset (e.g. ``happiness_2``) before this audio."""
    return _pb.Audio2FaceBlendshapeV1Request(
        class_name=CHUNK_BODY, pcm_bytes=bytes(pcm), offset_name=emotion
    ).SerializeToString()


def encode_end() -> bytes:
    """The end message: no more audio follows."""
    return _pb.Audio2FaceBlendshapeV1Request(class_name=CHUNK_END).SerializeToString()


@dataclass(frozen=True)
class ResponseStart:
    """The server's start: the channel (blendshape) names of every frame and the element type of the
    frame data that follows."""

    names: Tuple[str, ...]
    dtype: str


@dataclass(frozen=True)
class ResponseBody:
    """A run of frames, flattened: ``len(values)`` is a whole multiple of the channel count."""

    values: Tuple[float, ...]


@dataclass(frozen=True)
class ResponseEnd:
    """The server answered all audio; nothing follows."""


ServerMessage = Union[ResponseStart, ResponseBody, ResponseEnd]


def decode_values(data: bytes, dtype: str) -> Tuple[float, ...]:
    """Unpacks little-endian ``float16`` or ``float32`` values (a trailing partial value is ignored)."""
    code = DTYPE_STRUCT_CODES.get(dtype)
    if code is None:
        raise ProtocolError(f"unknown dtype '{dtype}'; expected float16 or float32")
    width = struct.calcsize("<" + code)
    count = len(data) // width
    return struct.unpack_from(f"<{count}{code}", data)


def decode_server_message(data: bytes, *, dtype: str, channel_count: int) -> ServerMessage:
    """Decodes one binary message from the server. ``dtype`` and ``channel_count`` come from the
    stream's start message and are only used for bodies."""
    response = _pb.Audio2FaceBlendshapeV1Response()
    try:
        response.ParseFromString(bytes(data))
    except Exception as error:  # the runtime raises its own DecodeError type
        raise ProtocolError(
            f"message is not a valid Audio2FaceBlendshapeV1Response protobuf ({len(data)} bytes): {error}"
        ) from error
    if response.class_name == RESPONSE_START:
        if response.dtype not in DTYPE_STRUCT_CODES:
            raise ProtocolError(f"unknown dtype '{response.dtype}' in {RESPONSE_START}; expected float16 or float32")
        return ResponseStart(names=tuple(response.blendshape_names), dtype=response.dtype)
    if response.class_name == RESPONSE_BODY:
        values = decode_values(response.data, dtype)
        if channel_count <= 0 or len(values) % channel_count != 0:
            raise ProtocolError(
                f"{RESPONSE_BODY} holds {len(values)} values, not a whole number of {channel_count}-wide frames"
            )
        return ResponseBody(values=values)
    if response.class_name == RESPONSE_END:
        return ResponseEnd()
    raise ProtocolError(
        f"unknown response class_name '{response.class_name[:64]}'; expected {RESPONSE_START}, "
        f"{RESPONSE_BODY} or {RESPONSE_END}"
    )
