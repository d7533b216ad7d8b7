"""Writing frames as the files ``audio2face convert`` writes, byte for byte the same layout.

- CSV (Live Link Face): ``Timecode,BlendShapeCount,<names…>``, one row per frame; the timecode is
  ``HH:MM:SS:FF.mmm`` (FF the frame within the second, mmm the millisecond of the frame's time); each
  weight is rounded to 6 decimals and written in its shortest form (``0`` for zero).
- JSON: one line, keys sorted: ``{"blendshape_names":[…],"frames":[[…],…],"frames_per_second":30,
  "start_frame":0}``; each weight in the shortest form that reads back as the same 32-bit float, whole
  numbers without ``.0``.
"""

from __future__ import annotations

import json
import math
import struct
from typing import Callable, List, Sequence, Tuple

from .frames import Frame

#: Output formats by file extension.
EXPORT_FORMATS = ("csv", "json")


def export_format(path: str) -> str:
    """The format for an output file name, from its extension; ValueError when it is neither."""
    extension = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if extension not in EXPORT_FORMATS:
        raise ValueError(f"cannot tell the format of '{path}'; use a .csv or .json file name")
    return extension


def export_frames(frames: Sequence[Frame], names: Sequence[str], format: str, *, frames_per_second: float) -> bytes:
    """The frames as file bytes in ``format`` (``csv`` or ``json``)."""
    if format == "csv":
        return live_link_csv(frames, names, frames_per_second=frames_per_second)
    if format == "json":
        return clip_json(frames, names, frames_per_second=frames_per_second)
    raise ValueError(f"format '{format}' is not supported; use csv or json")


def live_link_csv(frames: Sequence[Frame], names: Sequence[str], *, frames_per_second: float) -> bytes:
    """Live Link Face CSV."""
    lines: List[str] = ["Timecode,BlendShapeCount," + ",".join(names)]
    start = frames[0].index if frames else 0
    for row, frame in enumerate(frames):
        cells = [timecode(start + row, frames_per_second), str(len(names))]
        cells.extend(_csv_number(frame.weights[name]) for name in names)
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


def clip_json(frames: Sequence[Frame], names: Sequence[str], *, frames_per_second: float) -> bytes:
    """JSON with the names and a frame matrix."""
    name_list = ",".join(_json_string(name) for name in names)
    rows = ",".join("[" + ",".join(_json_float32(frame.weights[name]) for name in names) + "]" for frame in frames)
    start = frames[0].index if frames else 0
    text = (
        f'{{"blendshape_names":[{name_list}],"frames":[{rows}],'
        f'"frames_per_second":{_json_number(frames_per_second)},"start_frame":{start}}}'
    )
    return text.encode("utf-8")


def timecode(frame: int, frames_per_second: float) -> str:
    """``HH:MM:SS:FF.mmm`` of frame ``frame`` at ``frames_per_second``."""
    seconds = frame / frames_per_second
    whole = int(seconds)
    frame_in_second = max(0, frame - math.ceil(whole * frames_per_second))
    millis = math.floor((seconds - whole) * 1_000)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}:{frame_in_second:02d}.{millis:03d}"


def shortest_text(value: float, *, single_precision: bool) -> str:
    """The shortest decimal that reads back as ``value`` (as a 32-bit float when ``single_precision``),
    written the way Swift describes a number: plain notation from 0.0001 up to 2^24 (2^53 for 64-bit),
    counted on the decimal digits, with ``.0`` on whole numbers; exponential (``1.5e-05``,
    ``1.2345679e+08``) outside that range."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    digits, exponent = _shortest_digits(value, single_precision)
    sign = "-" if value < 0 else ""
    limit = 2.0**24 if single_precision else 2.0**53
    if exponent >= -4 and abs(value) <= limit:
        point = exponent + 1  # digits before the decimal point
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        if point >= len(digits):
            return f"{sign}{digits}{'0' * (point - len(digits))}.0"
        return f"{sign}{digits[:point]}.{digits[point:]}"
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"


def _shortest_digits(value: float, single_precision: bool) -> Tuple[str, int]:
    """(significant digits without trailing zeros, decimal exponent of the first digit) of the shortest
    decimal that reads back as ``value``."""
    magnitude = abs(value)
    if single_precision:
        target = _float32(magnitude)
        reads_back: Callable[[str], bool] = lambda text: _float32(float(text)) == target
    else:
        reads_back = lambda text: float(text) == magnitude
    for precision in range(1, 18):
        text = f"{magnitude:.{precision - 1}e}"
        if reads_back(text):
            break
    mantissa, exponent = text.split("e")
    return mantissa.replace(".", "").rstrip("0") or "0", int(exponent)


def _float32(value: float) -> float:
    return struct.unpack("<f", struct.pack("<f", value))[0]


def _round_half_away(value: float) -> float:
    magnitude = abs(value)
    whole = math.floor(magnitude)
    rounded = whole + 1 if magnitude - whole >= 0.5 else whole
    return math.copysign(rounded, value)


def _csv_number(value: float) -> str:
    scaled = _round_half_away(value * 1e6) / 1e6
    return "0" if scaled == 0 else shortest_text(scaled, single_precision=False)


def _json_float32(value: float) -> str:
    return _json_number(_float32(value), single_precision=True)


def _json_number(value: float, *, single_precision: bool = False) -> str:
    text = shortest_text(value, single_precision=single_precision)
    return text[:-2] if text.endswith(".0") else text


def _json_string(text: str) -> str:
    # Swift's JSONEncoder writes non-ASCII characters as they are and escapes the slash.
    return json.dumps(text, ensure_ascii=False).replace("/", "\\/")
