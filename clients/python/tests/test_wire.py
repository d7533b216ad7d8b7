"""The protocol's messages: the committed protobuf module matches the schema, the class names match the
server's, requests encode and responses decode (float16 and float32 bodies)."""

from __future__ import annotations

import re
import struct
import unittest

from audio2face_client import ProtocolError, wire
from audio2face_client import audio2face_v1_pb2 as pb

from support import REPOSITORY

# protobuf's FieldDescriptor type numbers of the scalar types the schema uses.
_PROTO_TYPES = {"string": 9, "int32": 5, "bytes": 12}


def schema_fields(message: str):
    """(name, number, type, repeated) of each field of ``message`` in Protos/audio2face_v1.proto."""
    text = (REPOSITORY / "Protos/audio2face_v1.proto").read_text()
    body = re.search(r"message\s+" + message + r"\s*\{(.*?)\}", text, re.S)
    assert body, f"{message} not in the schema"
    return [
        (name, int(number), _PROTO_TYPES[kind], bool(repeated))
        for repeated, kind, name, number in re.findall(r"(repeated\s+)?(\w+)\s+(\w+)\s*=\s*(\d+)\s*;", body.group(1))
    ]


def module_fields(descriptor):
    return [(field.name, field.number, field.type, field.label == field.LABEL_REPEATED) for field in descriptor.fields]


class SchemaTests(unittest.TestCase):
    def test_generated_module_matches_the_schema(self):
        """Fails when Protos/audio2face_v1.proto changed without clients/python/generate-proto.sh."""
        for message in ("Audio2FaceBlendshapeV1Request", "Audio2FaceBlendshapeV1Response"):
            with self.subTest(message=message):
                descriptor = pb.DESCRIPTOR.message_types_by_name[message]
                self.assertEqual(module_fields(descriptor), schema_fields(message))
        self.assertEqual(pb.DESCRIPTOR.package, "audio2face_blendshape_v1")

    def test_class_names_match_the_server(self):
        swift = (REPOSITORY / "Sources/Audio2FaceClient/Wire/WireClassName.swift").read_text()
        names = dict(re.findall(r'static let (\w+) = "(\w+)"', swift))
        self.assertEqual(
            names,
            {
                "chunkStart": wire.CHUNK_START,
                "chunkBody": wire.CHUNK_BODY,
                "chunkEnd": wire.CHUNK_END,
                "responseStart": wire.RESPONSE_START,
                "responseBody": wire.RESPONSE_BODY,
                "responseEnd": wire.RESPONSE_END,
            },
        )


class RequestTests(unittest.TestCase):
    def test_start(self):
        request = pb.Audio2FaceBlendshapeV1Request.FromString(
            wire.encode_start(
                request_id="r1",
                sample_rate=44_100,
                sample_width=4,
                channels=2,
                profile="KQ-default",
                response_chunk_frames=5,
            )
        )
        self.assertEqual(request.class_name, "StreamingAudio2FaceV1ChunkStart")
        self.assertEqual(
            (request.request_id, request.sample_rate, request.sample_width, request.n_channels),
            ("r1", 44_100, 4, 2),
        )
        self.assertEqual((request.profile_name, request.response_chunk_n_frames), ("KQ-default", 5))
        self.assertEqual(request.pcm_bytes, b"")

    def test_body_and_end(self):
        body = pb.Audio2FaceBlendshapeV1Request.FromString(wire.encode_body(b"\1\2\3\4", "happiness_2"))
        self.assertEqual(
            (body.class_name, body.pcm_bytes, body.offset_name), (wire.CHUNK_BODY, b"\1\2\3\4", "happiness_2")
        )
        end = pb.Audio2FaceBlendshapeV1Request.FromString(wire.encode_end())
        self.assertEqual((end.class_name, end.pcm_bytes, end.offset_name), (wire.CHUNK_END, b"", ""))

    def test_known_bytes(self):
        # Field 1 (class_name), length-delimited; field 9 (pcm_bytes); field 7 (offset_name).
        self.assertEqual(wire.encode_end(), b"\x0a\x1d" + b"StreamingAudio2FaceV1ChunkEnd")
        self.assertEqual(
            wire.encode_body(b"\xff\x00", "x"),
            b"\x0a\x1e" + b"StreamingAudio2FaceV1ChunkBody" + b"\x3a\x01x" + b"\x4a\x02\xff\x00",
        )


def response(**fields) -> bytes:
    return pb.Audio2FaceBlendshapeV1Response(**fields).SerializeToString()


class ResponseTests(unittest.TestCase):
    def test_start(self):
        decoded = wire.decode_server_message(
            response(class_name=wire.RESPONSE_START, blendshape_names=["JawOpen", "MouthClose"], dtype="float16"),
            dtype="float16",
            channel_count=0,
        )
        self.assertEqual(decoded, wire.ResponseStart(names=("JawOpen", "MouthClose"), dtype="float16"))

    def test_float16_body(self):
        # 0x3C00 = 1.0, 0x3800 = 0.5, 0x0001 = 2^-24 (smallest subnormal), 0xC000 = -2.0
        data = struct.pack("<4H", 0x3C00, 0x3800, 0x0001, 0xC000)
        decoded = wire.decode_server_message(
            response(class_name=wire.RESPONSE_BODY, data=data), dtype="float16", channel_count=2
        )
        self.assertEqual(decoded, wire.ResponseBody(values=(1.0, 0.5, 2.0**-24, -2.0)))

    def test_float32_body(self):
        data = struct.pack("<2I", 0x3E800000, 0xBF400000)  # 0.25, -0.75
        decoded = wire.decode_server_message(
            response(class_name=wire.RESPONSE_BODY, data=data), dtype="float32", channel_count=1
        )
        self.assertEqual(decoded, wire.ResponseBody(values=(0.25, -0.75)))

    def test_end(self):
        decoded = wire.decode_server_message(response(class_name=wire.RESPONSE_END), dtype="float16", channel_count=2)
        self.assertEqual(decoded, wire.ResponseEnd())

    def test_broken_messages_are_protocol_errors(self):
        cases = [
            (response(class_name="Nonsense"), "unknown response class_name 'Nonsense'"),
            (response(class_name=wire.RESPONSE_START, dtype="bfloat16"), "unknown dtype 'bfloat16'"),
            (response(class_name=wire.RESPONSE_BODY, data=b"\0\0" * 3), "not a whole number of 2-wide frames"),
            (b"\xff\xff\xff", "not a valid Audio2FaceBlendshapeV1Response"),
        ]
        for data, phrase in cases:
            with self.subTest(phrase=phrase):
                with self.assertRaises(ProtocolError) as raised:
                    wire.decode_server_message(data, dtype="float16", channel_count=2)
                self.assertIn(phrase, str(raised.exception))


if __name__ == "__main__":
    unittest.main()
