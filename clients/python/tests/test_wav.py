"""Reading WAV files: every encoding the command-line tool reads, converted the way it converts them,
and a refusal naming the field for everything else."""

from __future__ import annotations

import math
import struct
import unittest

from audio2face_client import WAVFormatError, read_wav
from audio2face_client.wav import int16_from_unit_sample

from support import interleave, wav_bytes

PCM, FLOAT = 1, 3


class WAVEncodingsTests(unittest.TestCase):
    def test_16_bit_passes_through(self):
        data = struct.pack("<4h", 0, 1, -1, 32767)
        audio = read_wav(wav_bytes(format_tag=PCM, bits=16, sample_rate=16_000, channels=1, data=data))
        self.assertEqual((audio.sample_rate, audio.sample_width, audio.channels), (16_000, 2, 1))
        self.assertEqual(audio.pcm, data)
        self.assertEqual(audio.source_encoding, "16-bit integer PCM")
        self.assertAlmostEqual(audio.duration_seconds, 4 / 16_000)

    def test_8_bit_unsigned_passes_through(self):
        data = bytes([0, 128, 255, 7])
        audio = read_wav(wav_bytes(format_tag=PCM, bits=8, sample_rate=8_000, channels=1, data=data))
        self.assertEqual((audio.sample_width, audio.pcm), (1, data))

    def test_32_bit_integer_passes_through(self):
        data = struct.pack("<2i", -(2**31), 2**31 - 1)
        audio = read_wav(wav_bytes(format_tag=PCM, bits=32, sample_rate=48_000, channels=2, data=data))
        self.assertEqual((audio.sample_width, audio.channels, audio.pcm), (4, 2, data))

    def test_24_bit_is_widened_to_32_bit(self):
        samples = [0, 1, -1, 0x7FFFFF, -0x800000, 0x123456]
        data = b"".join(struct.pack("<i", sample)[:3] for sample in samples)
        audio = read_wav(wav_bytes(format_tag=PCM, bits=24, sample_rate=16_000, channels=2, data=data))
        self.assertEqual(audio.sample_width, 4)
        self.assertEqual(list(struct.unpack("<6i", audio.pcm)), [sample << 8 for sample in samples])

    def test_float_becomes_16_bit_rounded_half_away_from_zero_and_clamped(self):
        values = [0.0, 1.5 / 32768, -1.5 / 32768, 0.25, 1.0, -1.0, 2.0, -2.0, math.nan]
        expected = [0, 2, -2, 8192, 32767, -32768, 32767, -32768, 0]
        for bits, code in ((32, "f"), (64, "d")):
            with self.subTest(bits=bits):
                data = struct.pack(f"<{len(values)}{code}", *values)
                audio = read_wav(wav_bytes(format_tag=FLOAT, bits=bits, sample_rate=22_050, channels=1, data=data))
                self.assertEqual((audio.sample_width, audio.source_encoding), (2, f"{bits}-bit float"))
                self.assertEqual(list(struct.unpack(f"<{len(values)}h", audio.pcm)), expected)

    def test_unit_sample_rounding(self):
        self.assertEqual(int16_from_unit_sample(0.5 / 32768), 1)
        self.assertEqual(int16_from_unit_sample(-0.5 / 32768), -1)
        self.assertEqual(int16_from_unit_sample(0.49 / 32768), 0)
        self.assertEqual(int16_from_unit_sample(math.inf), 32767)
        self.assertEqual(int16_from_unit_sample(-math.inf), -32768)

    def test_extensible_pcm_and_float(self):
        pcm = struct.pack("<6h", *interleave([[1, 2], [3, 4], [5, 6]]))
        audio = read_wav(
            wav_bytes(format_tag=PCM, bits=16, sample_rate=16_000, channels=3, data=pcm, extensible_sub_format=PCM)
        )
        self.assertEqual((audio.channels, audio.pcm), (3, pcm))
        floats = struct.pack("<2f", 0.5, -0.5)
        audio = read_wav(
            wav_bytes(
                format_tag=FLOAT, bits=32, sample_rate=16_000, channels=1, data=floats, extensible_sub_format=FLOAT
            )
        )
        self.assertEqual(list(struct.unpack("<2h", audio.pcm)), [16384, -16384])

    def test_other_chunks_are_skipped_and_the_data_is_cut_to_whole_frames(self):
        extra = b"LIST" + struct.pack("<I", 5) + b"abcde\0" + b"fact" + struct.pack("<I", 4) + b"\0\0\0\0"
        data = struct.pack("<3h", 10, 20, 30)  # one and a half stereo frames
        audio = read_wav(
            wav_bytes(format_tag=PCM, bits=16, sample_rate=16_000, channels=2, data=data, extra_chunks=extra)
        )
        self.assertEqual(audio.pcm, data[:4])

    def test_a_data_size_larger_than_the_file_reads_what_is_there(self):
        data = struct.pack("<2h", 5, 6)
        file = bytearray(wav_bytes(format_tag=PCM, bits=16, sample_rate=16_000, channels=1, data=data))
        struct.pack_into("<I", file, len(file) - len(data) - 4, 0xFFFFFFFF)
        self.assertEqual(read_wav(bytes(file)).pcm, data)

    def test_reads_from_a_path(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "one.wav"
            path.write_bytes(wav_bytes(format_tag=PCM, bits=16, sample_rate=16_000, channels=1, data=b"\1\0"))
            self.assertEqual(read_wav(path).pcm, b"\1\0")
            self.assertEqual(read_wav(str(path)).pcm, b"\1\0")


class WAVRefusalTests(unittest.TestCase):
    def assert_refused(self, data: bytes, field: str, *phrases: str):
        with self.assertRaises(WAVFormatError) as raised:
            read_wav(data)
        self.assertEqual(raised.exception.field, field)
        for phrase in phrases:
            self.assertIn(phrase, str(raised.exception))

    def test_not_a_wav_file(self):
        self.assert_refused(b"ID3\x03 this is an mp3", "riff", "not a readable WAV file", "RIFF/WAVE")

    def test_missing_chunks(self):
        fmt_only = wav_bytes(format_tag=PCM, bits=16, sample_rate=16_000, channels=1, data=b"")
        without_data = fmt_only[: fmt_only.index(b"data")]
        self.assert_refused(without_data, "riff", "no data chunk")
        self.assert_refused(b"RIFF\4\0\0\0WAVE", "riff", "no fmt chunk")

    def test_unsupported_sample_rate(self):
        for rate in (7_999, 96_000):
            self.assert_refused(
                wav_bytes(format_tag=PCM, bits=16, sample_rate=rate, channels=1, data=b"\0\0"),
                "sample_rate",
                f"sample_rate {rate} is not supported",
                "8000…48000 Hz",
            )

    def test_unsupported_channel_count(self):
        self.assert_refused(
            wav_bytes(format_tag=PCM, bits=16, sample_rate=16_000, channels=9, data=b"\0" * 18),
            "n_channels",
            "n_channels 9 is not supported",
            "1…8",
        )
        self.assert_refused(
            wav_bytes(format_tag=PCM, bits=16, sample_rate=16_000, channels=0, data=b"\0\0"), "n_channels", "0"
        )

    def test_unsupported_format_tags(self):
        self.assert_refused(
            wav_bytes(format_tag=6, bits=8, sample_rate=8_000, channels=1, data=b"\0"),
            "format_tag",
            "6 (A-law)",
            "1 (integer PCM), 3 (IEEE float) or 0xFFFE",
        )
        self.assert_refused(
            wav_bytes(format_tag=0x11, bits=4, sample_rate=8_000, channels=1, data=b"\0"), "format_tag", "IMA ADPCM"
        )

    def test_unsupported_bit_depths(self):
        self.assert_refused(
            wav_bytes(format_tag=PCM, bits=12, sample_rate=16_000, channels=1, data=b"\0\0"),
            "bits_per_sample",
            "bits per sample 12",
            "integer PCM; use 8, 16, 24 or 32",
        )
        self.assert_refused(
            wav_bytes(format_tag=FLOAT, bits=16, sample_rate=16_000, channels=1, data=b"\0\0"),
            "bits_per_sample",
            "IEEE float; use 32 or 64",
        )

    def test_unsupported_extensible_sub_format(self):
        self.assert_refused(
            wav_bytes(format_tag=PCM, bits=8, sample_rate=8_000, channels=1, data=b"\0", extensible_sub_format=7),
            "sub_format",
            "00000007-0000-0010-8000-00aa00389b71",
            "PCM (00000001-0000-0010-8000-00aa00389b71)",
        )

    def test_short_fmt_chunk(self):
        data = b"RIFF\x14\0\0\0WAVEfmt \x08\0\0\0" + b"\1\0\1\0\x80\x3e\0\0"
        self.assert_refused(data, "fmt", "fmt chunk is 8 bytes")


if __name__ == "__main__":
    unittest.main()
