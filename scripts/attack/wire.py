"""The little of HTTP, RFC 6455 WebSocket framing and the seed's protobuf messages that the attack
clients need, written against the standard library only (scripts/attack.sh runs them on machines
without pip packages).

Client frames are always masked with a fresh random key, as RFC 6455 section 5.3 requires; the
server closes unmasked client frames with 1002, which would end an attack before it starts.
"""
import base64
import os
import socket
import struct
import threading
import time
import wave

STREAM_PATH = "/api/v1/streaming_audio2face/ws"

OP_CONTINUATION = 0x0
OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA

CHUNK_START = "StreamingAudio2FaceV1ChunkStart"
CHUNK_BODY = "StreamingAudio2FaceV1ChunkBody"
CHUNK_END = "StreamingAudio2FaceV1ChunkEnd"
RESPONSE_END = "Audio2FaceV1ResponseChunkEnd"


# --- protobuf (proto3 wire format: varints and length-delimited fields) -------------------------

def _varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _bytes_field(number, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return _varint(number << 3 | 2) + _varint(len(data)) + data if data else b""


def _int_field(number, value):
    return _varint(number << 3) + _varint(value) if value else b""


def start_message(request_id, profile_name="", sample_rate=16000, sample_width=2, channels=1,
                  response_chunk_frames=0):
    """An Audio2FaceBlendshapeV1Request carrying ChunkStart (field numbers of the seed's .proto)."""
    return (_bytes_field(1, CHUNK_START) + _bytes_field(2, request_id) + _int_field(3, sample_rate)
            + _int_field(4, sample_width) + _int_field(5, channels) + _bytes_field(6, profile_name)
            + _int_field(8, response_chunk_frames))


def body_message(pcm, offset_name=""):
    """A ChunkBody with PCM bytes and, optionally, an emotion preset name."""
    return _bytes_field(1, CHUNK_BODY) + _bytes_field(7, offset_name) + _bytes_field(9, pcm)


def end_message():
    """A ChunkEnd."""
    return _bytes_field(1, CHUNK_END)


def response_class_name(message):
    """The class_name (field 1) of a server response, or "" when the bytes do not start with it."""
    if len(message) < 2 or message[0] != 0x0A:
        return ""
    length, index, shift = 0, 1, 0
    while index < len(message):
        byte = message[index]
        length |= (byte & 0x7F) << shift
        index += 1
        shift += 7
        if not byte & 0x80:
            break
    return message[index:index + length].decode("utf-8", "replace")


# --- WebSocket framing -------------------------------------------------------------------------

def client_frame(opcode, payload=b"", fin=True):
    """One masked client frame."""
    header = bytearray([(0x80 if fin else 0) | opcode])
    length = len(payload)
    if length < 126:
        header.append(0x80 | length)
    elif length < 1 << 16:
        header.append(0x80 | 126)
        header += struct.pack("!H", length)
    else:
        header.append(0x80 | 127)
        header += struct.pack("!Q", length)
    key = os.urandom(4)
    if length:
        masked = (int.from_bytes(payload, "little") ^ int.from_bytes((key * (length // 4 + 1))[:length],
                                                                      "little")).to_bytes(length, "little")
    else:
        masked = b""
    return bytes(header) + key + masked


def close_payload(code, reason=""):
    return struct.pack("!H", code) + reason.encode("utf-8")


class HandshakeRefused(Exception):
    """The server answered the upgrade request with something other than 101."""

    def __init__(self, status_line):
        super().__init__(status_line)
        self.status_line = status_line


class WebSocket:
    """A client WebSocket over a plain blocking socket: send masked frames, read server frames."""

    def __init__(self, sock, leftover=b""):
        self.sock = sock
        self.buffer = bytearray(leftover)
        self.send_lock = threading.Lock()  # a reader answering a ping must not split a sender's frame

    @classmethod
    def connect(cls, host, port, path=STREAM_PATH, timeout=10.0, source_address=None):
        sock = socket.create_connection((host, port), timeout=timeout,
                                        source_address=(source_address, 0) if source_address else None)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        try:
            sock.sendall(request.encode())
            response = bytearray()
            while b"\r\n\r\n" not in response:
                data = sock.recv(4096)
                if not data:
                    raise HandshakeRefused("connection closed during the handshake")
                response += data
        except BaseException:
            sock.close()
            raise
        head, _, rest = bytes(response).partition(b"\r\n\r\n")
        status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        if " 101 " not in status_line + " ":
            sock.close()
            raise HandshakeRefused(status_line)
        return cls(sock, rest)

    def send(self, opcode, payload=b"", fin=True):
        frame = client_frame(opcode, payload, fin)
        with self.send_lock:
            self.sock.sendall(frame)

    def send_binary(self, payload):
        self.send(OP_BINARY, payload)

    def _fill(self, count):
        while len(self.buffer) < count:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("connection closed")
            self.buffer += data

    def read_frame(self):
        """The next server frame as (fin, opcode, payload); raises ConnectionError at the end."""
        self._fill(2)
        first, second = self.buffer[0], self.buffer[1]
        length = second & 0x7F
        offset = 2
        if length == 126:
            self._fill(4)
            length = struct.unpack_from("!H", self.buffer, 2)[0]
            offset = 4
        elif length == 127:
            self._fill(10)
            length = struct.unpack_from("!Q", self.buffer, 2)[0]
            offset = 10
        if second & 0x80:
            offset += 4  # a server must not mask, but skip a key if one came
        self._fill(offset + length)
        payload = bytes(self.buffer[offset:offset + length])
        del self.buffer[:offset + length]
        return bool(first & 0x80), first & 0x0F, payload

    def read_message(self):
        """The next whole data message as (opcode, payload); a close frame comes back as (OP_CLOSE, payload)."""
        parts, message_opcode = [], None
        while True:
            fin, opcode, payload = self.read_frame()
            if opcode == OP_CLOSE:
                return OP_CLOSE, payload
            if opcode == OP_PING:
                self.send(OP_PONG, payload)
                continue
            if opcode == OP_PONG:
                continue
            if opcode != OP_CONTINUATION:
                message_opcode = opcode
            parts.append(payload)
            if fin:
                return message_opcode, b"".join(parts)

    def close(self, code=1000):
        try:
            self.send(OP_CLOSE, close_payload(code))
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass


def close_code(payload):
    """(code, reason) of a close frame's payload; (1005, "") when it carries none."""
    if len(payload) < 2:
        return 1005, ""
    return struct.unpack("!H", payload[:2])[0], payload[2:].decode("utf-8", "replace")


# --- audio -------------------------------------------------------------------------------------

def read_wav(path):
    """(sample_rate, sample_width, channels, pcm bytes) of an integer-PCM WAV file."""
    with wave.open(path, "rb") as wav:
        return wav.getframerate(), wav.getsampwidth(), wav.getnchannels(), wav.readframes(wav.getnframes())


# --- statistics --------------------------------------------------------------------------------

def percentile(values, percent):
    """The nearest-rank percentile of `values` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * percent // 100))
    return ordered[min(len(ordered), int(rank)) - 1]


def monotonic():
    return time.monotonic()
