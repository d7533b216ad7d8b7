"""Reading WAV files into the PCM the protocol carries, accepting exactly what ``audio2face convert`` and
``audio2face stream`` accept.

Integer PCM of 8 (unsigned), 16, 24 and 32 bits and IEEE float of 32 and 64 bits are read, declared
with a plain format tag or through WAVE_FORMAT_EXTENSIBLE, at 8–48 kHz with 1–8 channels. The protocol's
``sample_width`` allows 1, 2 and 4 bytes, so two encodings are converted the way the command-line tool
converts them: 24-bit integer is widened to 32-bit (each sample shifted left by 8 bits, lossless) and
float becomes 16-bit integer (``round(x × 32768)`` half away from zero, clamped, NaN as 0). Chunks
other than ``fmt `` and ``data`` are skipped. Anything else raises :class:`WAVFormatError` naming the
field and the allowed values.
"""

from __future__ import annotations

import math
import os
import struct
import sys
from array import array
from dataclasses import dataclass
from typing import Optional, Tuple, Union

from .errors import WAVFormatError

#: Sample rates the service accepts, in Hz (inclusive).
SUPPORTED_SAMPLE_RATES = (8_000, 48_000)
#: Channel counts the service accepts (inclusive); more than one is downmixed by the server.
SUPPORTED_CHANNEL_COUNTS = (1, 8)
#: Bit depths read as integer PCM.
SUPPORTED_INTEGER_BITS = (8, 16, 24, 32)
#: Bit depths read as IEEE float.
SUPPORTED_FLOAT_BITS = (32, 64)

_INTEGER_FORMAT_TAG = 0x0001
_FLOAT_FORMAT_TAG = 0x0003
_EXTENSIBLE_FORMAT_TAG = 0xFFFE
# The 14 bytes after the two-byte format code in every KSDATAFORMAT_SUBTYPE GUID of the WAVE family.
_WAVE_SUBFORMAT_SUFFIX = bytes([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])
# Format tags met in practice, so a refusal says what the file is.
_KNOWN_FORMAT_TAGS = {
    0x0002: "Microsoft ADPCM",
    0x0006: "A-law",
    0x0007: "µ-law",
    0x0011: "IMA ADPCM",
    0x0031: "GSM 6.10",
    0x0050: "MPEG",
    0x0055: "MPEG Layer 3",
}


@dataclass(frozen=True)
class WireAudio:
    """Audio in a format the protocol carries: interleaved little-endian samples of ``sample_width``
    bytes (1 = unsigned 8-bit, 2 = signed 16-bit, 4 = signed 32-bit). ``source_encoding`` says how the
    file stored them (``"24-bit integer PCM"``, ``"32-bit float"``…)."""

    sample_rate: int
    sample_width: int
    channels: int
    pcm: bytes
    source_encoding: str

    @property
    def frame_bytes(self) -> int:
        """Bytes of one interleaved frame (one sample of every channel)."""
        return self.sample_width * self.channels

    @property
    def frame_count(self) -> int:
        """Interleaved frames in the audio."""
        return len(self.pcm) // self.frame_bytes

    @property
    def duration_seconds(self) -> float:
        """Length of the audio in seconds."""
        return self.frame_count / self.sample_rate


def read_wav(source: Union[str, os.PathLike, bytes, bytearray]) -> WireAudio:
    """Reads a WAV file (a path, or the file's bytes) and converts it for the wire."""
    data = bytes(source) if isinstance(source, (bytes, bytearray)) else _read_file(source)
    is_float, bits, sample_rate, channels, samples = _parse(data)
    _check_range("sample_rate", sample_rate, SUPPORTED_SAMPLE_RATES, " Hz")
    _check_range("n_channels", channels, SUPPORTED_CHANNEL_COUNTS, "")
    encoding = f"{bits}-bit float" if is_float else f"{bits}-bit integer PCM"
    if is_float:
        return WireAudio(sample_rate, 2, channels, _int16_from_float(samples, bits), encoding)
    if bits == 24:
        return WireAudio(sample_rate, 4, channels, _widen_24_to_32(samples), encoding)
    return WireAudio(sample_rate, bits // 8, channels, samples, encoding)


def int16_from_unit_sample(value: float) -> int:
    """The 16-bit sample nearest to a float sample whose full scale is ±1 (half away from zero,
    clamped to −32768…32767, NaN as 0)."""
    if math.isnan(value):
        return 0
    scaled = value * 32_768
    if math.isinf(scaled):
        return 32_767 if scaled > 0 else -32_768
    magnitude = abs(scaled)
    whole = math.floor(magnitude)
    rounded = whole + 1 if magnitude - whole >= 0.5 else whole
    return int(max(-32_768, min(32_767, math.copysign(rounded, scaled))))


def _read_file(path: Union[str, os.PathLike]) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _parse(data: bytes) -> Tuple[bool, int, int, int, bytes]:
    """(is_float, bits per sample, sample rate, channels, data chunk cut to whole frames)."""
    if len(data) < 12 or data[0:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise WAVFormatError("riff", "not a readable WAV file: missing RIFF/WAVE header")
    offset = 12
    declared: Optional[Tuple[bool, int, int, int]] = None
    while offset + 8 <= len(data):
        chunk_id = data[offset : offset + 4]
        body = offset + 8
        # Streamed WAVs (sox or espeak writing to a pipe) may declare a data size larger than the file.
        size = min(struct.unpack_from("<I", data, offset + 4)[0], len(data) - body)
        if chunk_id == b"fmt ":
            declared = _parse_fmt(data, body, size)
        elif chunk_id == b"data":
            if declared is None:
                raise WAVFormatError("riff", "not a readable WAV file: data chunk before fmt chunk")
            is_float, bits, sample_rate, channels = declared
            if channels <= 0:
                raise _channel_error(channels)
            frame_bytes = bits // 8 * channels
            usable = size - size % frame_bytes
            return is_float, bits, sample_rate, channels, data[body : body + usable]
        offset = body + size + (size & 1)
    raise WAVFormatError(
        "riff", "not a readable WAV file: " + ("no fmt chunk" if declared is None else "no data chunk")
    )


def _parse_fmt(data: bytes, body: int, size: int) -> Tuple[bool, int, int, int]:
    """(is_float, bits per sample, sample rate, channels) of a ``fmt `` chunk."""
    if size < 16:
        raise WAVFormatError("fmt", f"not a readable WAV file: fmt chunk is {size} bytes; it needs at least 16")
    format_tag, channels, sample_rate = struct.unpack_from("<HHI", data, body)
    bits = struct.unpack_from("<H", data, body + 14)[0]
    effective_tag = format_tag
    if format_tag == _EXTENSIBLE_FORMAT_TAG:
        if size < 40:
            raise WAVFormatError(
                "fmt", "not a readable WAV file: WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes"
            )
        guid = data[body + 24 : body + 40]
        if guid[2:] != _WAVE_SUBFORMAT_SUFFIX or struct.unpack_from("<H", guid)[0] not in (
            _INTEGER_FORMAT_TAG,
            _FLOAT_FORMAT_TAG,
        ):
            raise WAVFormatError(
                "sub_format",
                f"WAV extensible sub-format {_guid_text(guid)} is not supported; use PCM "
                f"({_guid_text(_subformat_guid(_INTEGER_FORMAT_TAG))}) or IEEE float "
                f"({_guid_text(_subformat_guid(_FLOAT_FORMAT_TAG))})",
            )
        effective_tag = struct.unpack_from("<H", guid)[0]
    if effective_tag == _INTEGER_FORMAT_TAG:
        if bits not in SUPPORTED_INTEGER_BITS:
            raise WAVFormatError(
                "bits_per_sample",
                f"WAV bits per sample {bits} is not supported for integer PCM; use {_or_list(SUPPORTED_INTEGER_BITS)}",
            )
        return False, bits, sample_rate, channels
    if effective_tag == _FLOAT_FORMAT_TAG:
        if bits not in SUPPORTED_FLOAT_BITS:
            raise WAVFormatError(
                "bits_per_sample",
                f"WAV bits per sample {bits} is not supported for IEEE float; use {_or_list(SUPPORTED_FLOAT_BITS)}",
            )
        return True, bits, sample_rate, channels
    name = _KNOWN_FORMAT_TAGS.get(format_tag)
    raise WAVFormatError(
        "format_tag",
        f"WAV format tag {format_tag}{f' ({name})' if name else ''} is not supported; use 1 (integer PCM), "
        "3 (IEEE float) or 0xFFFE (WAVE_FORMAT_EXTENSIBLE with a PCM or IEEE float sub-format)",
    )


def _check_range(field: str, value: int, bounds: Tuple[int, int], unit: str) -> None:
    low, high = bounds
    if not low <= value <= high:
        if field == "n_channels":
            raise _channel_error(value)
        raise WAVFormatError(field, f"{field} {value} is not supported; use {low}…{high}{unit}")


def _channel_error(count: int) -> WAVFormatError:
    low, high = SUPPORTED_CHANNEL_COUNTS
    return WAVFormatError("n_channels", f"n_channels {count} is not supported; use {low}…{high}")


def _widen_24_to_32(samples: bytes) -> bytes:
    count = len(samples) // 3
    out = bytearray(count * 4)
    for byte in range(3):
        out[byte + 1 :: 4] = samples[byte : count * 3 : 3]
    return bytes(out)


def _int16_from_float(samples: bytes, bits: int) -> bytes:
    values = array("d" if bits == 64 else "f")
    width = values.itemsize
    values.frombytes(samples[: len(samples) // width * width])
    if sys.byteorder == "big":
        values.byteswap()
    out = array("h", (int16_from_unit_sample(value) for value in values))
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def _subformat_guid(format_tag: int) -> bytes:
    return struct.pack("<H", format_tag) + _WAVE_SUBFORMAT_SUFFIX


def _guid_text(guid: bytes) -> str:
    """A GUID in its usual text form (the first three groups are stored little-endian)."""
    if len(guid) != 16:
        return "(missing)"
    parts = [guid[3::-1], guid[5:3:-1], guid[7:5:-1], guid[8:10], guid[10:16]]
    return "-".join(part.hex() for part in parts)


def _or_list(values: Tuple[int, ...]) -> str:
    names = [str(value) for value in values]
    return ", ".join(names[:-1]) + " or " + names[-1]
