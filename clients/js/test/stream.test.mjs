// connect() and A2FStream against an in-process fake WebSocket that plays the server's part.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

import {
  A2FError,
  ClassName,
  FRAMES_PER_SECOND,
  STREAMING_PATH,
  connect,
  decodeRequest,
  encodeFrameValues,
  encodeResponse,
} from "../audio2face.js";

/** A WebSocket double: records what the client sends, and lets the test act as the server. */
function fakeServer() {
  const sockets = [];
  class FakeWebSocket extends EventTarget {
    constructor(url) {
      super();
      this.url = url;
      this.readyState = 0;
      this.binaryType = "blob";
      this.bufferedAmount = 0;
      this.sent = [];
      this.closedByClientWith = null;
      sockets.push(this);
    }

    send(data) {
      if (this.readyState !== 1) throw new Error(`send in readyState ${this.readyState}`);
      assert.ok(data instanceof Uint8Array, "the client sends bytes");
      this.sent.push(decodeRequest(data));
    }

    close(code) {
      if (this.readyState === 3) return;
      this.closedByClientWith = code;
      this.readyState = 3;
      this.#emit("close", { code: code ?? 1005, reason: "" });
    }

    // The server's side.
    accept() {
      this.readyState = 1;
      this.#emit("open");
    }

    refuse() {
      this.readyState = 3;
      this.#emit("error");
      this.#emit("close", { code: 1006, reason: "" });
    }

    reply(message) {
      assert.equal(this.binaryType, "arraybuffer");
      this.#emit("message", { data: encodeResponse(message).buffer });
    }

    start(names, dtype = "float16") {
      this.reply({ className: ClassName.responseStart, blendshapeNames: names, dtype });
    }

    frames(values, dtype = "float16") {
      this.reply({ className: ClassName.responseBody, data: encodeFrameValues(values, dtype) });
    }

    end() {
      this.reply({ className: ClassName.responseEnd });
    }

    closeFromServer(code, reason = "") {
      this.readyState = 3;
      this.#emit("close", { code, reason });
    }

    #emit(type, fields = {}) {
      this.dispatchEvent(Object.assign(new Event(type), fields));
    }
  }
  return { WebSocket: FakeWebSocket, sockets };
}

/** Connects through a fake server that accepts, and returns the stream with its socket. */
async function openStream(options = {}, url = "ws://127.0.0.1:18083") {
  const server = fakeServer();
  const pending = connect(url, { WebSocket: server.WebSocket, ...options });
  const socket = server.sockets[0];
  socket.accept();
  const stream = await pending;
  return { stream, socket };
}

const names = ["JawOpen", "MouthClose"];
const moduleURL = new URL("../audio2face.js", import.meta.url).href;

test("connect sends ChunkStart with the defaults, to the streaming path, with the token in the query", async () => {
  const { stream, socket } = await openStream({ profile: "arkit-default", token: "k&y", requestId: "r-1" });
  const url = new URL(socket.url);
  assert.equal(url.protocol, "ws:");
  assert.equal(url.pathname, STREAMING_PATH);
  assert.equal(url.searchParams.get("token"), "k&y");
  assert.equal(socket.binaryType, "arraybuffer");
  assert.deepEqual(socket.sent, [
    {
      className: ClassName.chunkStart,
      requestId: "r-1",
      sampleRate: 16000,
      sampleWidth: 2,
      nChannels: 1,
      profileName: "arkit-default",
      offsetName: "",
      responseChunkNFrames: 0,
      pcmBytes: new Uint8Array(0),
    },
  ]);
  assert.equal(stream.requestId, "r-1");
  assert.equal(stream.names, null);
});

test("connect takes http(s) URLs and explicit paths, and every format option", async () => {
  const { socket } = await openStream(
    { sampleRate: 48000, sampleWidth: 4, channels: 2, responseChunkFrames: 5 },
    "https://example.test:8443/custom/ws?x=1",
  );
  assert.equal(socket.url, "wss://example.test:8443/custom/ws?x=1");
  const start = socket.sent[0];
  assert.deepEqual(
    [start.sampleRate, start.sampleWidth, start.nChannels, start.responseChunkNFrames],
    [48000, 4, 2, 5],
  );
  assert.notEqual(start.requestId, "", "a request id is made up when none is given");
});

test("frames arrive in order with time = index / 30, names from ResponseStart, ending at ResponseEnd", async () => {
  const { stream, socket } = await openStream();
  assert.equal(FRAMES_PER_SECOND, 30);
  socket.start(names);
  assert.deepEqual(stream.names, names);
  assert.equal(stream.dtype, "float16");
  socket.frames([0.5, 0, 0.25, 1, 1, 0.125]);
  socket.frames([0, 0.75]);
  const seen = [];
  const reading = (async () => {
    for await (const frame of stream) seen.push(frame);
  })();
  await new Promise((resolve) => setTimeout(resolve, 5));
  socket.frames([0.5, 0.5]); // arrives while the iterator waits
  socket.end();
  await reading;
  assert.deepEqual(
    seen.map((frame) => [frame.index, frame.time]),
    [0, 1, 2, 3, 4].map((index) => [index, index / 30]),
  );
  assert.deepEqual(seen[1].weights, { JawOpen: 0.25, MouthClose: 1 });
  assert.ok(seen[2].values instanceof Float32Array);
  assert.deepEqual(Array.from(seen[2].values), [1, 0.125]);
  assert.deepEqual(await stream.done, { frameCount: 5, names });
});

test("float32 bodies and a framesPerSecond option", async () => {
  const { stream, socket } = await openStream({ framesPerSecond: 60 });
  socket.start(["A"], "float32");
  socket.frames([0.1, -0.5, 1.5], "float32");
  socket.end();
  const frames = [];
  for await (const frame of stream) frames.push(frame);
  assert.deepEqual(
    frames.map((frame) => [frame.time, frame.weights.A]),
    [
      [0, Math.fround(0.1)],
      [1 / 60, -0.5],
      [2 / 60, 1.5],
    ],
  );
});

test("onFrame gets queued frames first, then each new one; callbacks stop the queueing", async () => {
  const { stream, socket } = await openStream();
  socket.start(names);
  socket.frames([1, 0]);
  const first = [];
  const unsubscribe = stream.onFrame((frame) => first.push(frame.index));
  socket.frames([0, 1, 0.5, 0.5]);
  unsubscribe();
  const events = [];
  stream.addEventListener("frame", (event) => events.push(event.frame.index));
  const second = [];
  stream.onFrame((frame) => second.push(frame.index));
  socket.frames([0, 0]);
  socket.end();
  assert.deepEqual(first, [0, 1, 2]);
  assert.deepEqual(second, [3]);
  assert.deepEqual(events, [3]);
  const iterated = [];
  for await (const frame of stream) iterated.push(frame);
  assert.deepEqual(iterated, [], "frames a callback took are not queued for iteration");
});

test("a throwing onFrame callback is reported as uncaught and does not break the stream", () => {
  // In its own process: the test runner fails any test file that has an uncaught exception.
  const script = `
    import { connect, ClassName, encodeFrameValues, encodeResponse } from ${JSON.stringify(moduleURL)};
    class Socket extends EventTarget {
      constructor() { super(); Socket.last = this; queueMicrotask(() => this.dispatchEvent(new Event("open"))); }
      send() {}
      close() {}
    }
    const reply = (message) =>
      Socket.last.dispatchEvent(Object.assign(new Event("message"), { data: encodeResponse(message).buffer }));
    process.on("uncaughtException", (error) => console.log("uncaught: " + error.message));
    const stream = await connect("ws://h", { WebSocket: Socket });
    stream.onFrame(() => { throw new Error("caller's bug"); });
    reply({ className: ClassName.responseStart, blendshapeNames: ["A"], dtype: "float16" });
    reply({ className: ClassName.responseBody, data: encodeFrameValues([1, 0], "float16") });
    reply({ className: ClassName.responseEnd });
    console.log("frames: " + (await stream.done).frameCount);
  `;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.deepEqual(output.trim().split("\n").sort(), ["frames: 2", "uncaught: caller's bug", "uncaught: caller's bug"]);
});

test("sendPcm sends little-endian samples; the emotion option goes with the first body only", async () => {
  const { stream, socket } = await openStream({ emotion: "happiness_2" });
  stream.sendPcm(new Int16Array([1, -2, 32767, -32768]));
  stream.sendPcm(new Uint8Array([9, 8]));
  stream.sendPcm(new Uint8Array(0), { emotion: "sadness" });
  const done = stream.end();
  stream.end();
  const [, first, second, third, end, ...rest] = socket.sent;
  assert.deepEqual(first.pcmBytes, new Uint8Array([1, 0, 0xfe, 0xff, 0xff, 0x7f, 0x00, 0x80]));
  assert.equal(first.className, ClassName.chunkBody);
  assert.equal(first.offsetName, "happiness_2");
  assert.deepEqual([second.offsetName, Array.from(second.pcmBytes)], ["", [9, 8]]);
  assert.deepEqual([third.offsetName, third.pcmBytes.length], ["sadness", 0]);
  assert.equal(end.className, ClassName.chunkEnd);
  assert.deepEqual(rest, [], "end() sends ChunkEnd once");
  assert.equal(done, stream.done);
  assert.throws(() => stream.sendPcm(new Int16Array(2)), { message: /after end\(\)/ });
});

test("sendPcm refuses what it cannot send, saying what it takes", async () => {
  const { stream } = await openStream();
  assert.throws(() => stream.sendPcm(new Float32Array(4)), {
    name: "TypeError",
    message: /takes an Int16Array of samples or a Uint8Array of PCM bytes, not Float32Array/,
  });
  assert.throws(() => stream.sendPcm(new Int16Array(2), { emotion: 5 }), { message: /emotion must be a string/ });
  const wide = await openStream({ sampleWidth: 4 });
  assert.throws(() => wide.stream.sendPcm(new Int16Array(2)), { message: /announced sampleWidth 4/ });
});

test("a server close with 1008 rejects done and iteration with its code and reason, after the frames", async () => {
  const { stream, socket } = await openStream({ profile: "nope" });
  const errors = [];
  stream.addEventListener("error", (event) => errors.push(event.error));
  socket.start(names);
  socket.frames([0.5, 0.5]);
  socket.closeFromServer(1008, "profile 'nope' is not one of: arkit-default");
  const frames = [];
  await assert.rejects(
    (async () => {
      for await (const frame of stream) frames.push(frame);
    })(),
    (error) => error === errors[0],
  );
  assert.equal(frames.length, 1);
  await assert.rejects(stream.done, {
    name: "A2FError",
    code: 1008,
    reason: "profile 'nope' is not one of: arkit-default",
    message:
      "server closed the stream with 1008 (the request was refused): profile 'nope' is not one of: arkit-default",
  });
  assert.ok(errors[0] instanceof A2FError);
  assert.throws(() => stream.sendPcm(new Int16Array(1)), { code: 1008 });
});

test("a normal close before ResponseEnd is still a failure", async () => {
  const { stream, socket } = await openStream();
  socket.closeFromServer(1000);
  await assert.rejects(stream.done, { code: 1000, message: "server closed the stream before ResponseEnd" });
});

test("a close after ResponseEnd changes nothing", async () => {
  const { stream, socket } = await openStream();
  socket.start(names);
  socket.end();
  socket.closeFromServer(1011, "late");
  assert.deepEqual(await stream.done, { frameCount: 0, names });
});

test("a refused upgrade (HTTP 401 for a bad token) rejects connect with a clear message", async () => {
  const server = fakeServer();
  const pending = connect("ws://127.0.0.1:18083", { token: "secret", WebSocket: server.WebSocket });
  server.sockets[0].refuse();
  await assert.rejects(pending, (error) => {
    assert.ok(error instanceof A2FError);
    assert.match(error.message, /^server refused the connection \(check the token\)/);
    assert.ok(!error.message.includes("secret"), "the token is not repeated in the message");
    assert.equal(error.code, 1006);
    return true;
  });
  const anonymous = fakeServer();
  const withoutToken = connect("ws://127.0.0.1:18083", { WebSocket: anonymous.WebSocket });
  anonymous.sockets[0].refuse();
  await assert.rejects(withoutToken, { message: /check the token: none was given/ });
});

test("close() before ResponseEnd fails the stream as closed by the client", async () => {
  const { stream, socket } = await openStream();
  stream.close();
  assert.equal(socket.closedByClientWith, 1000);
  await assert.rejects(stream.done, { code: 1000, reason: "closed by the client" });
});

test("a server that breaks the protocol fails the stream with 1002 and is hung up on", async () => {
  const { stream, socket } = await openStream();
  socket.frames([1, 2]);
  await assert.rejects(stream.done, { code: 1002, message: "the server sent frames before ResponseStart" });
  assert.equal(socket.closedByClientWith, 1000);

  const uneven = await openStream();
  uneven.socket.start(names);
  uneven.socket.frames([1, 2, 3]);
  await assert.rejects(uneven.stream.done, { message: "a body holds 3 values, not a whole number of 2-wide frames" });

  const badType = await openStream();
  badType.socket.start(names, "bfloat16");
  await assert.rejects(badType.stream.done, { message: /dtype 'bfloat16' is not supported/ });
});

test("only one iterator at a time", async () => {
  const { stream } = await openStream();
  const first = stream[Symbol.asyncIterator]();
  assert.throws(() => stream[Symbol.asyncIterator](), { message: "the stream is already being iterated" });
  await first.return();
  stream[Symbol.asyncIterator]();
});

test("bad options are refused with the option's name and what it takes", async () => {
  const { WebSocket } = fakeServer();
  await assert.rejects(connect("ws://h", { WebSocket, profle: "x" }), {
    name: "TypeError",
    message: /unknown option 'profle'; the options are profile, token,/,
  });
  await assert.rejects(connect("ws://h", { WebSocket, sampleRate: 0 }), {
    message: "option sampleRate is number 0; it must be a positive integer (samples per second)",
  });
  await assert.rejects(connect("ftp://h", { WebSocket }), {
    message: /scheme ftp:; expected ws:, wss:, http: or https:/,
  });
  await assert.rejects(connect("not a url", { WebSocket }), { message: /is not a URL/ });
});

test("without a WebSocket implementation connect says how to get one", async () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, "WebSocket");
  delete globalThis.WebSocket;
  try {
    await assert.rejects(connect("ws://h"), { message: /no WebSocket implementation.*--experimental-websocket/ });
  } finally {
    if (saved) Object.defineProperty(globalThis, "WebSocket", saved);
  }
});
