"""CSV and JSON in the layout of ``audio2face convert``. The expected texts below are what the Swift
exporters (Sources/Audio2Face/Clip/Export) and Swift's number descriptions write for the same values;
the server tests compare whole files with ``convert``'s."""

from __future__ import annotations

import struct
import unittest

from audio2face_client import Frame, clip_json, live_link_csv
from audio2face_client.export import export_format, shortest_text, timecode


def float32(value: float) -> float:
    return struct.unpack("<f", struct.pack("<f", value))[0]


def frames(rows, names, start=0):
    return [Frame(index=start + i, time=(start + i) / 30, weights=dict(zip(names, row))) for i, row in enumerate(rows)]


class NumberTextTests(unittest.TestCase):
    def test_float32_like_swift_json(self):
        # Swift: JSONEncoder().encode([1, 0.00001, 0.0001, 1.5e-7, -0.00002, 123456789, 16777216, 1e-45, -0.0,
        # 0.1, 2.5] as [Float]) == "[1,1e-05,0.0001,1.5e-07,-2e-05,1.2345679e+08,16777216,1e-45,-0,0.1,2.5]"
        values = [1, 0.00001, 0.0001, 1.5e-7, -0.00002, 123456789, 16777216, 1e-45, -0.0, 0.1, 2.5]
        document = clip_json(
            frames([[float32(v) for v in values]], [f"c{i}" for i in range(len(values))]),
            [f"c{i}" for i in range(len(values))],
            frames_per_second=30,
        )
        self.assertIn(b'"frames":[[1,1e-05,0.0001,1.5e-07,-2e-05,1.2345679e+08,16777216,1e-45,-0,0.1,2.5]]', document)

    def test_double_like_swift_description(self):
        # Swift: "\(x)" for these Doubles.
        expected = {
            1e-05: "1e-05",
            0.0001: "0.0001",
            5e-06: "5e-06",
            1.0: "1.0",
            1e16: "1e+16",
            12345678.0: "12345678.0",
            0.590869: "0.590869",
            -0.25: "-0.25",
        }
        for value, text in expected.items():
            self.assertEqual(shortest_text(value, single_precision=False), text)

    def test_float32_shortest_digits(self):
        self.assertEqual(shortest_text(float32(0.02174611), single_precision=True), "0.02174611")
        self.assertEqual(shortest_text(float32(0.1), single_precision=True), "0.1")
        self.assertEqual(shortest_text(float32(3.0), single_precision=True), "3.0")


class TimecodeTests(unittest.TestCase):
    def test_live_link_timecodes(self):
        self.assertEqual(timecode(0, 30), "00:00:00:00.000")
        self.assertEqual(timecode(1, 30), "00:00:00:01.033")
        self.assertEqual(timecode(29, 30), "00:00:00:29.966")
        self.assertEqual(timecode(30, 30), "00:00:01:00.000")
        self.assertEqual(timecode(1799, 30), "00:00:59:29.966")
        self.assertEqual(timecode(108_000, 30), "01:00:00:00.000")
        self.assertEqual(timecode(31, 29.97), "00:00:01:01.034")


class FileLayoutTests(unittest.TestCase):
    names = ["JawOpen", "MouthClose"]

    def test_csv(self):
        # Weights arrive as float16 or float32; Swift rounds the float32 -5e-07 (just above -0.5e-6) to 0.
        rows = [[0.0, 0.0], [float32(0.5908692), float32(1e-7)], [float32(0.0000015), float32(-0.0000005)]]
        self.assertEqual(
            live_link_csv(frames(rows, self.names), self.names, frames_per_second=30).decode(),
            "Timecode,BlendShapeCount,JawOpen,MouthClose\n"
            "00:00:00:00.000,2,0,0\n"
            "00:00:00:01.033,2,0.590869,0\n"
            "00:00:00:02.066,2,2e-06,0\n",
        )

    def test_json(self):
        rows = [[0.0, 1.0], [float32(0.6873879), float32(0.054110095)]]
        self.assertEqual(
            clip_json(frames(rows, self.names), self.names, frames_per_second=30).decode(),
            '{"blendshape_names":["JawOpen","MouthClose"],"frames":[[0,1],[0.6873879,0.054110095]],'
            '"frames_per_second":30,"start_frame":0}',
        )

    def test_names_are_written_as_swift_writes_them(self):
        names = ["あ", "a/b"]
        document = clip_json([], names, frames_per_second=30).decode()
        self.assertIn('"blendshape_names":["あ","a\\/b"]', document)

    def test_format_from_extension(self):
        self.assertEqual(export_format("out/x.CSV"), "csv")
        self.assertEqual(export_format("x.json"), "json")
        for bad in ("x.txt", "x", "dir.json/x"):
            with self.assertRaises(ValueError) as raised:
                export_format(bad)
            self.assertIn("use a .csv or .json file name", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
