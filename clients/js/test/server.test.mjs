// The client against the real server. Runs when A2F_SERVER_URL is set (Tests/Audio2FaceCLITests/
// JavaScriptClientTests.swift starts `audio2face serve` with auth on and sets it, with A2F_SERVER_TOKEN
// and A2F_WAV, a 16-bit PCM WAV file); skipped otherwise.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { FRAMES_PER_SECOND, connect } from "../audio2face.js";
import { NodeTestWebSocket } from "./support/node-websocket.mjs";

const serverURL = process.env.A2F_SERVER_URL;
const token = process.env.A2F_SERVER_TOKEN;
const wavPath = process.env.A2F_WAV;
const skip = serverURL && token && wavPath ? false : "set A2F_SERVER_URL, A2F_SERVER_TOKEN and A2F_WAV to run";

/** The format and PCM bytes of a PCM WAV file. */
function readWAV(path) {
  const file = readFileSync(path);
  assert.equal(file.toString("latin1", 0, 4), "RIFF");
  assert.equal(file.toString("latin1", 8, 12), "WAVE");
  let format = null;
  for (let offset = 12; offset + 8 <= file.length; ) {
    const id = file.toString("latin1", offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      format = {
        channels: file.readUInt16LE(body + 2),
        sampleRate: file.readUInt32LE(body + 4),
        sampleWidth: file.readUInt16LE(body + 14) / 8,
      };
    } else if (id === "data") {
      assert.ok(format, "fmt comes before data");
      const length = Math.min(size, file.length - body);
      return { ...format, pcm: new Uint8Array(file.buffer, file.byteOffset + body, length) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${path} has no data chunk`);
}

test("a WAV through the real server comes back as every frame, in order, with the mouth moving", { skip }, async () => {
  const wav = readWAV(wavPath);
  assert.equal(wav.sampleWidth, 2, "the fixture is 16-bit");
  const samples = new Int16Array(wav.pcm.slice().buffer);
  const stream = await connect(serverURL, {
    token,
    profile: "arkit-default",
    requestId: "js-client-test",
    sampleRate: wav.sampleRate,
    channels: wav.channels,
    emotion: "neutral",
    WebSocket: NodeTestWebSocket,
  });
  const chunk = (wav.sampleRate / 25) * wav.channels; // 40 ms
  for (let start = 0; start < samples.length; start += chunk) stream.sendPcm(samples.subarray(start, start + chunk));
  stream.end();

  const frames = [];
  for await (const frame of stream) frames.push(frame);
  const { frameCount, names } = await stream.done;

  const seconds = samples.length / wav.channels / wav.sampleRate;
  assert.equal(frameCount, Math.ceil(seconds * FRAMES_PER_SECOND - 1e-9));
  assert.equal(frames.length, frameCount);
  assert.equal(new Set(names).size, names.length, "channel names are unique");
  for (const name of ["JawOpen", "MouthClose", "MouthFunnel", "MouthSmileLeft", "EyeBlinkLeft"]) {
    assert.ok(names.includes(name), `${name} is among the ARKit profile's channels: ${names.join(",")}`);
  }
  frames.forEach((frame, index) => {
    assert.equal(frame.index, index);
    assert.equal(frame.time, index / FRAMES_PER_SECOND);
    assert.equal(frame.values.length, names.length);
    for (const value of frame.values) assert.ok(Number.isFinite(value), `frame ${index} holds ${value}`);
  });
  const jaw = frames.map((frame) => frame.weights.JawOpen);
  assert.ok(Math.max(...jaw) > 0.1, `the jaw opens during speech: ${Math.max(...jaw)}`);
  assert.ok(Math.min(...jaw) < Math.max(...jaw) / 2, "the jaw does not stay open");
});

test("a wrong token is refused before the WebSocket opens", { skip }, async () => {
  await assert.rejects(connect(serverURL, { token: `${token}-wrong`, WebSocket: NodeTestWebSocket }), {
    name: "A2FError",
    message: /^server refused the connection \(check the token\): could not open ws:.*token=\*\*\*/,
  });
});

test("a format the server refuses closes the stream with 1008 and the server's reason", { skip }, async () => {
  const stream = await connect(serverURL, { token, sampleWidth: 3, WebSocket: NodeTestWebSocket });
  stream.sendPcm(new Uint8Array(300));
  stream.end();
  await assert.rejects(stream.done, (error) => {
    assert.equal(error.code, 1008);
    assert.match(error.reason, /sample_width/);
    assert.match(error.message, /^server closed the stream with 1008 \(the request was refused\): /);
    return true;
  });
});
