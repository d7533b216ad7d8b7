"""The client against the real server: frames, values equal to ``audio2face convert``'s, every WAV
encoding, emotion and profile, the low-level stream, close codes and API keys."""

from __future__ import annotations

import asyncio
import struct
import unittest
from typing import List

from audio2face_client import (
    AuthenticationError,
    ConnectionFailedError,
    Frame,
    StreamClosedError,
    WAVFormatError,
    clip_json,
    connect,
    convert_file,
    read_wav,
    stream_file,
)

from support import (
    FLOAT16_TOLERANCE,
    SPEECH_FIXTURE,
    TemporaryFolder,
    convert_json,
    expected_frame_count,
    interleave,
    require_server,
    run_convert,
    speech_samples,
    wav_bytes,
)

PCM, FLOAT = 1, 3


def exact_json(frames: List[Frame]) -> bytes:
    """The frames as ``convert`` would write them to JSON."""
    names = frames[0].names if frames else ()
    return clip_json(frames, names, frames_per_second=30)


class StreamFileTests(unittest.TestCase):
    def setUp(self):
        self.server = require_server(self)
        self.folder = TemporaryFolder(self)

    def test_frames_names_and_values_match_convert_within_float16(self):
        frames = convert_file(self.server.url, SPEECH_FIXTURE, token=self.server.token, realtime=False)
        reference = convert_json(self.server, SPEECH_FIXTURE, self.folder)
        seconds = read_wav(SPEECH_FIXTURE).duration_seconds
        self.assertEqual(len(frames), expected_frame_count(seconds))
        self.assertEqual(len(frames), len(reference["frames"]))
        self.assertEqual(list(frames[0].names), reference["blendshape_names"])
        self.assertEqual([frame.index for frame in frames], list(range(len(frames))))
        self.assertEqual([frame.time for frame in frames], [index / 30 for index in range(len(frames))])
        worst = max(
            abs(value - expected)
            for frame, row in zip(frames, reference["frames"])
            for value, expected in zip(frame.values, row)
        )
        self.assertLessEqual(worst, FLOAT16_TOLERANCE)
        jaw = [frame.weights["JawOpen"] for frame in frames]
        self.assertGreater(max(jaw), 0.3, "the mouth opens during speech")

    def test_float32_frames_equal_convert_exactly(self):
        frames = convert_file(self.server.url_float32, SPEECH_FIXTURE, realtime=False)
        reference = run_convert(self.server, SPEECH_FIXTURE, self.folder.path / "speech.json")
        self.assertEqual(exact_json(frames), reference)

    def test_every_wav_encoding_streams_as_convert_reads_it(self):
        speech = speech_samples()
        quiet = [sample // 2 for sample in speech]
        encodings = {
            "8-bit unsigned": (PCM, 8, 16_000, 1, bytes((sample >> 8) + 128 for sample in speech), None),
            "24-bit": (PCM, 24, 16_000, 1, b"".join(struct.pack("<i", s << 8)[:3] for s in speech), None),
            "32-bit integer": (PCM, 32, 16_000, 1, struct.pack(f"<{len(speech)}i", *(s << 16 for s in speech)), None),
            "32-bit float": (FLOAT, 32, 16_000, 1, struct.pack(f"<{len(speech)}f", *(s / 32768 for s in speech)), None),
            "64-bit float": (FLOAT, 64, 16_000, 1, struct.pack(f"<{len(speech)}d", *(s / 32768 for s in speech)), None),
            "stereo": (PCM, 16, 16_000, 2, struct.pack(f"<{2 * len(speech)}h", *interleave([speech, quiet])), None),
            "8 kHz": (PCM, 16, 8_000, 1, struct.pack(f"<{len(speech) // 2}h", *speech[::2]), None),
            "48 kHz 6-channel extensible 24-bit": (
                PCM,
                24,
                48_000,
                6,
                b"".join(struct.pack("<i", s << 8)[:3] for s in interleave([speech[:24_000]] * 6)),
                PCM,
            ),
        }
        for label, (tag, bits, rate, channels, data, sub_format) in encodings.items():
            with self.subTest(encoding=label):
                path = self.folder.write(
                    label.replace(" ", "-") + ".wav",
                    wav_bytes(
                        format_tag=tag,
                        bits=bits,
                        sample_rate=rate,
                        channels=channels,
                        data=data,
                        extensible_sub_format=sub_format,
                    ),
                )
                frames = convert_file(self.server.url_float32, path, realtime=False)
                self.assertEqual(len(frames), expected_frame_count(read_wav(path).duration_seconds))
                self.assertEqual(exact_json(frames), run_convert(self.server, path, self.folder.path / "ref.json"))

    def test_emotion_and_profile_match_convert(self):
        happy = convert_file(self.server.url_float32, SPEECH_FIXTURE, emotion="happiness_2", realtime=False)
        reference = run_convert(self.server, SPEECH_FIXTURE, self.folder.path / "happy.json", "--offset", "happiness_2")
        self.assertEqual(exact_json(happy), reference)
        neutral = convert_file(self.server.url_float32, SPEECH_FIXTURE, realtime=False)
        self.assertNotEqual(exact_json(happy), exact_json(neutral), "the emotion preset changes the face")

        mmd = convert_file(self.server.url_float32, SPEECH_FIXTURE, profile="mmd-default", realtime=False)
        reference = run_convert(self.server, SPEECH_FIXTURE, self.folder.path / "mmd.json", "--profile", "mmd-default")
        self.assertEqual(exact_json(mmd), reference)
        self.assertNotEqual(mmd[0].names, neutral[0].names)

    def test_an_unknown_profile_gets_the_servers_default(self):
        # The service answers an unknown profile_name with its default profile (it does not close).
        frames = convert_file(self.server.url_float32, SPEECH_FIXTURE, profile="no-such-profile", realtime=False)
        self.assertEqual(exact_json(frames), run_convert(self.server, SPEECH_FIXTURE, self.folder.path / "d.json"))

    def test_breaking_off_early_closes_cleanly(self):
        async def first_three() -> List[Frame]:
            taken = []
            frames = stream_file(self.server.url, SPEECH_FIXTURE, token=self.server.token, realtime=True)
            try:
                async for frame in frames:
                    taken.append(frame)
                    if len(taken) == 3:
                        break
            finally:
                await frames.aclose()  # contextlib.aclosing from Python 3.10 on
            return taken

        self.assertEqual([frame.index for frame in asyncio.run(first_three())], [0, 1, 2])


class LowLevelStreamTests(unittest.TestCase):
    def setUp(self):
        self.server = require_server(self)

    def run_stream(self, **options) -> List[Frame]:
        audio = read_wav(SPEECH_FIXTURE)

        async def go() -> List[Frame]:
            async with connect(
                options.pop("url", self.server.url),
                sample_rate=audio.sample_rate,
                sample_width=audio.sample_width,
                channels=audio.channels,
                **options,
            ) as stream:
                third = len(audio.pcm) // 3 // audio.frame_bytes * audio.frame_bytes
                await stream.send_pcm(audio.pcm[:third], emotion="happiness_2")
                await stream.send_pcm(audio.pcm[third : 2 * third])
                await stream.send_pcm(b"", emotion="sadness_1")  # only a preset change
                await stream.send_pcm(audio.pcm[2 * third :])
                await stream.end()
                frames = [frame async for frame in stream]
                self.assertEqual(stream.names, frames[0].names)
                self.assertEqual(stream.dtype, "float16")
                self.assertEqual([frame async for frame in stream], [], "iteration stays finished")
                return frames

        frames = asyncio.run(go())
        self.assertEqual(len(frames), expected_frame_count(audio.duration_seconds))
        return frames

    def test_send_end_iterate_with_the_key_in_a_header(self):
        frames = self.run_stream(token=self.server.token, request_id="python-low-level")
        self.assertIn("JawOpen", frames[0].weights)

    def test_the_key_in_the_query(self):
        self.assertIn("JawOpen", self.run_stream(token=self.server.token, token_in_query=True)[0].weights)

    def test_a_refused_format_closes_with_1008_and_the_field(self):
        async def go():
            async with connect(self.server.url, token=self.server.token, sample_rate=96_000) as stream:
                await stream.send_pcm(b"\0" * 9_600)
                await stream.end()
                return [frame async for frame in stream]

        with self.assertRaises(StreamClosedError) as raised:
            asyncio.run(go())
        self.assertEqual(raised.exception.code, 1008)
        self.assertIn("sample_rate 96000 is not supported", raised.exception.reason)
        self.assertIn("1008", str(raised.exception))

    def test_a_refused_response_chunk_closes_with_1008_and_the_field(self):
        with self.assertRaises(StreamClosedError) as raised:
            convert_file(
                self.server.url, SPEECH_FIXTURE, token=self.server.token, realtime=False, response_chunk_frames=5000
            )
        self.assertEqual(raised.exception.code, 1008)
        self.assertIn("response_chunk_n_frames 5000 is not allowed", raised.exception.reason)

    def test_small_response_chunks(self):
        frames = convert_file(
            self.server.url, SPEECH_FIXTURE, token=self.server.token, realtime=False, response_chunk_frames=1
        )
        self.assertEqual(len(frames), expected_frame_count(read_wav(SPEECH_FIXTURE).duration_seconds))


class RefusalTests(unittest.TestCase):
    def setUp(self):
        self.server = require_server(self)

    def test_a_wrong_key_is_refused_at_the_upgrade(self):
        for in_query in (False, True):
            with self.subTest(in_query=in_query):
                with self.assertRaises(AuthenticationError) as raised:
                    convert_file(self.server.url, SPEECH_FIXTURE, token="wrong", token_in_query=in_query)
                self.assertEqual(raised.exception.status, 401)
                self.assertIn("refused the API key", str(raised.exception))
                self.assertIn("token", str(raised.exception))
                self.assertNotIn("wrong", str(raised.exception), "the key is never echoed")

    def test_a_missing_key_is_refused_at_the_upgrade(self):
        with self.assertRaises(AuthenticationError) as raised:
            convert_file(self.server.url, SPEECH_FIXTURE)
        self.assertIn("requires an API key", str(raised.exception))
        self.assertIn("token=KEY", str(raised.exception))

    def test_a_bad_file_is_refused_before_connecting(self):
        folder = TemporaryFolder(self)
        alaw = folder.write("alaw.wav", wav_bytes(format_tag=6, bits=8, sample_rate=8_000, channels=1, data=b"\0" * 80))
        # Nothing listens on the discard port: the file must be refused before any connection.
        with self.assertRaises(WAVFormatError) as raised:
            convert_file("ws://127.0.0.1:9/api/v1/streaming_audio2face/ws", alaw)
        self.assertEqual(raised.exception.field, "format_tag")
        with self.assertRaises(FileNotFoundError):
            convert_file(self.server.url, folder.path / "missing.wav", token=self.server.token)

    def test_nothing_listening(self):
        with self.assertRaises(ConnectionFailedError) as raised:
            convert_file("ws://127.0.0.1:9/api/v1/streaming_audio2face/ws?token=secret", SPEECH_FIXTURE)
        self.assertIn("cannot connect to ws://127.0.0.1:9/", str(raised.exception))
        self.assertNotIn("secret", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
