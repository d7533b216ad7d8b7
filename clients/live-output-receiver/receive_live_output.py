#!/usr/bin/env python3
"""Receives what an audio2face live output sends and prints it as JSON, decoded by third-party decoders.

VMC datagrams are decoded with python-osc, Live Link Face packets with pylivelinkface, so what this
prints is what those libraries (and the apps built like them) understand of our packets.

Usage:
    receive_live_output.py {vmc,livelink} [--idle-seconds S] -- COMMAND [ARG ...]

A UDP socket is bound to a free port on 127.0.0.1; every `{port}` in COMMAND is replaced by that port
and COMMAND is run (e.g. `audio2face stream speech.wav --vmc 127.0.0.1:{port}`). Datagrams are received
until COMMAND has exited and none has come for --idle-seconds. The JSON on stdout holds COMMAND's exit
status and output and one entry per datagram with its arrival time (seconds, monotonic clock).
"""

import argparse
import json
import socket
import subprocess
import sys
import time


def decode_vmc(datagram):
    """One VMC frame: the bundle's messages in order, checked to be blend values then one apply."""
    from pythonosc.osc_bundle import OscBundle
    from pythonosc.osc_packet import OscPacket

    messages = [timed.message for timed in OscPacket(datagram).messages]
    return {
        "is_bundle": OscBundle.dgram_is_bundle(datagram),
        "addresses": [message.address for message in messages],
        "names": [message.params[0] for message in messages if message.address == "/VMC/Ext/Blend/Val"],
        "values": [message.params[1] for message in messages if message.address == "/VMC/Ext/Blend/Val"],
    }


def decode_livelink(datagram):
    """One Live Link Face packet as pylivelinkface reads it."""
    from pylivelinkface import FaceBlendShape, PyLiveLinkFace

    found, face = PyLiveLinkFace.decode(datagram)
    if not found:
        return {"found": False}
    return {
        "found": True,
        "version": face._version,
        "device_id": face.uuid,
        "subject": face.name,
        "frame_number": face._frames,
        "sub_frame": face._sub_frame,
        "fps": face.fps,
        "denominator": face._denominator,
        "names": [shape.name for shape in FaceBlendShape],
        "values": [float(value) for value in face._blend_shapes],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["vmc", "livelink"])
    parser.add_argument("--idle-seconds", type=float, default=2.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command
    if not command:
        parser.error("give the command to run after --")
    decode = decode_vmc if arguments.kind == "vmc" else decode_livelink

    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(0.05)
    port = receiver.getsockname()[1]
    process = subprocess.Popen(
        [part.replace("{port}", str(port)) for part in command],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    datagrams = []
    last_arrival = time.monotonic()
    while process.poll() is None or time.monotonic() - last_arrival < arguments.idle_seconds:
        try:
            datagram = receiver.recv(65536)
        except socket.timeout:
            continue
        last_arrival = time.monotonic()
        entry = {"received": last_arrival, "size": len(datagram)}
        try:
            entry.update(decode(datagram))
        except Exception as error:  # reported, not raised: the test names the datagram that failed
            entry["error"] = repr(error)
        datagrams.append(entry)
    output, errors = process.communicate()
    json.dump({"status": process.returncode, "stdout": output, "stderr": errors, "datagrams": datagrams}, sys.stdout)


if __name__ == "__main__":
    main()
