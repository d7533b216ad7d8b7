#!/usr/bin/env python3
"""Checks a server against NVIDIA's own Audio2Face-3D message definitions.

Uses only NVIDIA's published Python packages (nvidia-audio2face-3d 1.3.0, nvidia-ace 1.0.0) and grpcio:
asks grpc.health.v1.Health/Check, streams a 16-bit PCM WAV file through
A2FControllerService.ProcessAudioStream the way NVIDIA's sample client does (a header with face,
blendshape and emotion parameters, one second of audio per message, an emotion keyframe on the first,
then end_of_audio), reads every reply, and prints one JSON summary on stdout. Exit status 0 when every
check passed, 1 when one failed, 2 on bad arguments.

    a2f3d_check.py --address 127.0.0.1:52000 --wav speech.wav [--api-key KEY] [--frame-rate 30]
"""

import argparse
import json
import math
import sys
import wave

import grpc
from nvidia_ace import audio_pb2
from nvidia_audio2face_3d import audio2face_pb2_grpc, messages_pb2

HEALTH_CHECK_METHOD = "/grpc.health.v1.Health/Check"
HEALTH_STATUS_NAMES = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}
EMOTION_KEYFRAME = {"joy": 0.8, "amazement": 0.2}


def encode_health_request(service):
    """HealthCheckRequest{string service = 1}, serialized by hand (no generated health module needed)."""
    name = service.encode("utf-8")
    if not name:
        return b""
    return bytes([0x0A]) + encode_varint(len(name)) + name


def encode_varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode_health_status(payload):
    """The `status` (field 1, varint) of a serialized HealthCheckResponse; 0 when absent."""
    position = 0
    status = 0
    while position < len(payload):
        key, position = read_varint(payload, position)
        field, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, position = read_varint(payload, position)
            if field == 1:
                status = value
        elif wire_type == 2:
            length, position = read_varint(payload, position)
            position += length
        else:
            raise ValueError(f"unexpected wire type {wire_type} in HealthCheckResponse")
    return status


def read_varint(payload, position):
    value = 0
    shift = 0
    while True:
        byte = payload[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7


def same_emotion(received, sent):
    """Whether an emotion map came back as sent (values travel as 32-bit floats)."""
    return received.keys() == sent.keys() and all(abs(received[name] - sent[name]) < 1e-6 for name in sent)


def check_health(channel, metadata):
    check = channel.unary_unary(HEALTH_CHECK_METHOD, request_serializer=None, response_deserializer=None)
    try:
        payload = check(encode_health_request(""), metadata=metadata, timeout=10)
    except grpc.RpcError as error:
        return f"error {error.code().name}: {error.details()}"
    return HEALTH_STATUS_NAMES.get(decode_health_status(payload), "UNRECOGNIZED")


def read_wav(path):
    with wave.open(path, "rb") as wav:
        return {
            "channels": wav.getnchannels(),
            "sample_width": wav.getsampwidth(),
            "rate": wav.getframerate(),
            "pcm": wav.readframes(wav.getnframes()),
        }


def stream_header():
    """The header NVIDIA's sample client sends, with some of each kind of parameter."""
    header = messages_pb2.AudioWithEmotionStreamHeader()
    header.face_params.float_params["lowerFaceStrength"] = 1.2
    header.face_params.float_params["upperFaceStrength"] = 1.0
    header.face_params.float_params["blinkStrength"] = 1.0
    header.blendshape_params.bs_weight_multipliers["JawOpen"] = 1.0
    header.blendshape_params.bs_weight_offsets["MouthClose"] = 0.0
    header.blendshape_params.enable_clamping_bs_weight = True
    header.emotion_params.live_transition_time = 0.5
    header.emotion_params.beginning_emotion["joy"] = 0.5
    header.emotion_post_processing_params.emotion_strength = 0.6
    header.emotion_post_processing_params.max_emotions = 3
    return header


def requests(audio, header):
    first = messages_pb2.AudioWithEmotionStream(audio_stream_header=header)
    first.audio_stream_header.audio_header.audio_format = audio_pb2.AudioHeader.AUDIO_FORMAT_PCM
    first.audio_stream_header.audio_header.channel_count = audio["channels"]
    first.audio_stream_header.audio_header.samples_per_second = audio["rate"]
    first.audio_stream_header.audio_header.bits_per_sample = audio["sample_width"] * 8
    yield first
    one_second = audio["rate"] * audio["sample_width"] * audio["channels"]
    pcm = audio["pcm"]
    for offset in range(0, len(pcm), one_second):
        chunk = messages_pb2.AudioWithEmotion(audio_buffer=pcm[offset : offset + one_second])
        if offset == 0:
            keyframe = chunk.emotions.add()
            keyframe.time_code = 0.0
            keyframe.emotion.update(EMOTION_KEYFRAME)
        yield messages_pb2.AudioWithEmotionStream(audio_with_emotion=chunk)
    yield messages_pb2.AudioWithEmotionStream(end_of_audio=messages_pb2.AudioWithEmotionStream.EndOfAudio())


def collect(stub, audio, metadata):
    """Every reply of one call, and the call's gRPC status."""
    replies = []
    call = stub.ProcessAudioStream(requests(audio, stream_header()), metadata=metadata, timeout=120)
    try:
        for reply in call:
            replies.append(reply)
        return replies, call.code().name, call.details() or ""
    except grpc.RpcError as error:
        return replies, error.code().name, error.details() or ""


def summarize(audio, health, replies, grpc_code, grpc_details, frame_rate):
    kinds = [reply.WhichOneof("stream_part") for reply in replies]
    names = []
    header_audio = None
    time_codes = []
    weight_counts = set()
    echoed = bytearray()
    aggregates = 0
    aggregate_errors = []
    input_emotions = []
    smoothed_outputs = 0
    event_types = []
    statuses = []
    for reply in replies:
        part = reply.WhichOneof("stream_part")
        if part == "animation_data_stream_header":
            header = reply.animation_data_stream_header
            names = list(header.skel_animation_header.blend_shapes)
            audio_header = header.audio_header
            header_audio = {
                "bits_per_sample": audio_header.bits_per_sample,
                "channel_count": audio_header.channel_count,
                "samples_per_second": audio_header.samples_per_second,
            }
        elif part == "animation_data":
            data = reply.animation_data
            for frame in data.skel_animation.blend_shape_weights:
                time_codes.append(frame.time_code)
                weight_counts.add(len(frame.values))
            if data.HasField("audio"):
                echoed += data.audio.audio_buffer
            # NVIDIA's sample client reads this key on every message.
            aggregate = messages_pb2.EmotionAggregate()
            if "emotion_aggregate" not in data.metadata:
                aggregate_errors.append("an animation_data message has no emotion_aggregate")
            elif not data.metadata["emotion_aggregate"].Unpack(aggregate):
                aggregate_errors.append(
                    "emotion_aggregate is a " + data.metadata["emotion_aggregate"].TypeName() + ", not an EmotionAggregate"
                )
            else:
                aggregates += 1
                smoothed_outputs += len(aggregate.a2f_smoothed_output)
                for keyframe in aggregate.input_emotions:
                    input_emotions.append({"time_code": keyframe.time_code, "emotion": dict(keyframe.emotion)})
        elif part == "event":
            event_types.append(messages_pb2.EventType.Name(reply.event.event_type))
        elif part == "status":
            statuses.append({"code": reply.status.Code.Name(reply.status.code), "message": reply.status.message})

    audio_seconds = len(audio["pcm"]) / (audio["rate"] * audio["sample_width"] * audio["channels"])
    expected_frames = math.ceil(audio_seconds * frame_rate - 1e-9)
    increasing = all(later > earlier for earlier, later in zip(time_codes, time_codes[1:]))
    on_grid = all(abs(code - index / frame_rate) < 1e-6 for index, code in enumerate(time_codes))
    summary = {
        "health": health,
        "grpc_code": grpc_code,
        "grpc_details": grpc_details,
        "message_count": len(replies),
        "first_message": kinds[0] if kinds else None,
        "last_messages": kinds[-2:],
        "event_types": event_types,
        "statuses": statuses,
        "final_status": statuses[-1]["code"] if statuses else None,
        "blend_shape_names": names,
        "header_audio": header_audio,
        "audio_seconds": audio_seconds,
        "frame_count": len(time_codes),
        "expected_frame_count": expected_frames,
        "weights_per_frame": sorted(weight_counts),
        "time_codes_strictly_increasing": increasing,
        "time_codes_on_frame_grid": on_grid,
        "last_time_code": time_codes[-1] if time_codes else None,
        "input_audio_bytes": len(audio["pcm"]),
        "echoed_audio_bytes": len(echoed),
        "echoed_audio_equal": bytes(echoed) == audio["pcm"],
        "animation_data_messages": kinds.count("animation_data"),
        "emotion_aggregates": aggregates,
        "emotion_aggregate_errors": aggregate_errors,
        "input_emotions": input_emotions,
        "smoothed_emotion_keyframes": smoothed_outputs,
    }
    checks = {
        "health is SERVING": health == "SERVING",
        "call ended OK": grpc_code == "OK",
        "header came first": summary["first_message"] == "animation_data_stream_header",
        "event then status came last": summary["last_messages"] == ["event", "status"],
        "the event is END_OF_A2F_AUDIO_PROCESSING": event_types == ["END_OF_A2F_AUDIO_PROCESSING"],
        "the final status is SUCCESS": summary["final_status"] == "SUCCESS",
        "frame count is ceil(seconds x fps)": len(time_codes) == expected_frames,
        "time codes strictly increase on k/fps": increasing and on_grid,
        "the header echoes the input's audio format": header_audio
        == {
            "bits_per_sample": audio["sample_width"] * 8,
            "channel_count": audio["channels"],
            "samples_per_second": audio["rate"],
        },
        "each frame has one weight per blend shape": summary["weights_per_frame"] == [len(names)] and bool(names),
        "echoed audio equals the input": summary["echoed_audio_equal"],
        "every animation_data has an EmotionAggregate": not aggregate_errors
        and aggregates == summary["animation_data_messages"],
        "the emotion keyframe came back as input": any(
            same_emotion(keyframe["emotion"], EMOTION_KEYFRAME) for keyframe in input_emotions
        ),
    }
    summary["failed_checks"] = [name for name, passed in checks.items() if not passed]
    summary["ok"] = not summary["failed_checks"]
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", required=True, help="HOST:PORT of the gRPC server")
    parser.add_argument("--wav", required=True, help="PCM WAV file to stream (16-bit mono advised)")
    parser.add_argument("--api-key", help="sent as the metadata 'authorization: Bearer KEY'")
    parser.add_argument("--frame-rate", type=float, default=30.0, help="frames per second the server sends")
    arguments = parser.parse_args()

    metadata = [("authorization", "Bearer " + arguments.api_key)] if arguments.api_key else []
    audio = read_wav(arguments.wav)
    with grpc.insecure_channel(arguments.address) as channel:
        health = check_health(channel, metadata)
        stub = audio2face_pb2_grpc.A2FControllerServiceStub(channel)
        replies, grpc_code, grpc_details = collect(stub, audio, metadata)
    summary = summarize(audio, health, replies, grpc_code, grpc_details, arguments.frame_rate)
    print(json.dumps(summary, sort_keys=True))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
