// audio2face.js: a dependency-free client for the Audio2Face streaming WebSocket API.
// One ES module for browsers and Node (18+; a WebSocket is built into browsers and Node 22, Node 20
// needs --experimental-websocket, or pass any WHATWG-compatible implementation as `WebSocket`).
//
// API summary
//   connect(url, options) -> Promise<A2FStream>
//     url: ws:// or wss:// (http:// and https:// are turned into them); a bare host streams to
//          STREAMING_PATH. options: profile, token (sent as ?token=, as browsers cannot set
//          headers), requestId, sampleRate = 16000, sampleWidth = 2, channels = 1,
//          responseChunkFrames = 0 (server default), emotion (preset sent with the first audio),
//          framesPerSecond = FRAMES_PER_SECOND, WebSocket = globalThis.WebSocket.
//   A2FStream (an EventTarget: "start", "frame", "end", "error" events)
//     names                 channel names, set when the server's ResponseStart arrives
//     sendPcm(pcm, {emotion})  Int16Array samples or Uint8Array little-endian PCM bytes
//     end()                 no more audio (ChunkEnd); returns `done`
//     close()               drops the connection at once
//     for await (const frame of stream)   frames in order, ending at ResponseEnd
//     onFrame(cb)           calls cb(frame) for every frame; returns an unsubscribe function
//     done                  resolves at ResponseEnd; rejects with an A2FError {code, reason}
//     frame = {index, time /* index / framesPerSecond seconds */, weights /* {name: value} */,
//              values /* Float32Array in `names` order */}
//   Wire codec (the seed protocol's two protobuf messages, written by hand):
//     encodeRequest(message) / decodeRequest(bytes), encodeResponse(message) / decodeResponse(bytes),
//     decodeFrameValues(bytes, dtype) / encodeFrameValues(values, dtype),
//     float16ToNumber(bits) / numberToFloat16(value), ClassName, FRAMES_PER_SECOND, STREAMING_PATH.

/** Frames per second of the service's animation: frame k shows the audio at k / 30 seconds. */
export const FRAMES_PER_SECOND = 30;

/** The path of the streaming WebSocket endpoint. */
export const STREAMING_PATH = "/api/v1/streaming_audio2face/ws";

/** The `class_name` values of the protocol's messages, spelled as the reference service spells them. */
export const ClassName = Object.freeze({
  chunkStart: "StreamingAudio2FaceV1ChunkStart",
  chunkBody: "StreamingAudio2FaceV1ChunkBody",
  chunkEnd: "StreamingAudio2FaceV1ChunkEnd",
  responseStart: "Audio2FaceV1ResponseChunkStart",
  responseBody: "Audio2FaceV1ResponseChunkBody",
  responseEnd: "Audio2FaceV1ResponseChunkEnd",
});

/** The element types a response body may carry, with their byte widths. */
const DTYPE_WIDTHS = Object.freeze({ float16: 2, float32: 4 });

// ---------------------------------------------------------------------------------------------
// Protobuf wire format (proto3): only what the two messages of Protos/audio2face_v1.proto need.
// Field names follow protobuf's JSON mapping (lowerCamelCase of the .proto names).

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/** Audio2FaceBlendshapeV1Request: field name -> [number, kind]. */
const REQUEST_FIELDS = Object.freeze({
  className: [1, "string"],
  requestId: [2, "string"],
  sampleRate: [3, "int32"],
  sampleWidth: [4, "int32"],
  nChannels: [5, "int32"],
  profileName: [6, "string"],
  offsetName: [7, "string"],
  responseChunkNFrames: [8, "int32"],
  pcmBytes: [9, "bytes"],
});

/** Audio2FaceBlendshapeV1Response: field name -> [number, kind]. */
const RESPONSE_FIELDS = Object.freeze({
  className: [1, "string"],
  blendshapeNames: [2, "repeated string"],
  dtype: [3, "string"],
  data: [4, "bytes"],
});

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/** Grows a byte array as fields are appended. */
class ByteWriter {
  constructor() {
    this.bytes = new Uint8Array(64);
    this.length = 0;
  }

  reserve(count) {
    if (this.length + count <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + count) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Appends a varint given as the low and high 32-bit halves of a 64-bit value. */
  varint64(low, high) {
    this.reserve(10);
    let lo = low >>> 0;
    let hi = high >>> 0;
    while (hi !== 0 || lo > 0x7f) {
      this.bytes[this.length++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.bytes[this.length++] = lo;
  }

  tag(fieldNumber, wireType) {
    this.varint64(((fieldNumber << 3) | wireType) >>> 0, 0);
  }

  lengthDelimited(fieldNumber, payload) {
    this.tag(fieldNumber, WIRE_LENGTH_DELIMITED);
    this.varint64(payload.length, 0);
    this.reserve(payload.length);
    this.bytes.set(payload, this.length);
    this.length += payload.length;
  }

  /** An int32 is written as a varint of its 64-bit sign extension (ten bytes when negative). */
  int32(fieldNumber, value) {
    this.tag(fieldNumber, WIRE_VARINT);
    this.varint64(value >>> 0, value < 0 ? 0xffffffff : 0);
  }

  finish() {
    return this.bytes.slice(0, this.length);
  }
}

/** Reads fields from a protobuf message. */
class ByteReader {
  constructor(bytes, messageName) {
    this.bytes = bytes;
    this.position = 0;
    this.messageName = messageName;
  }

  get atEnd() {
    return this.position >= this.bytes.length;
  }

  fail(problem) {
    return new A2FError(`${this.messageName} is not valid protobuf: ${problem} at byte ${this.position}`);
  }

  /** Reads a varint; returns its low 32 bits (unsigned) and the number it stands for (exact below 2^53). */
  varint() {
    let low = 0;
    let high = 0;
    for (let index = 0; index < 10; index++) {
      if (this.atEnd) throw this.fail("a varint runs past the end");
      const byte = this.bytes[this.position++];
      const shift = index * 7;
      if (shift < 28) {
        low |= (byte & 0x7f) << shift;
      } else if (shift === 28) {
        low |= (byte & 0x0f) << 28;
        high |= (byte & 0x7f) >>> 4;
      } else {
        high |= (byte & 0x7f) << (shift - 32);
      }
      if ((byte & 0x80) === 0) {
        return { low: low >>> 0, value: (high >>> 0) * 0x100000000 + (low >>> 0) };
      }
    }
    throw this.fail("a varint is longer than ten bytes");
  }

  lengthDelimited() {
    const { value: length } = this.varint();
    if (length > this.bytes.length - this.position) throw this.fail(`a ${length}-byte field runs past the end`);
    const payload = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return payload;
  }

  skip(wireType, fieldNumber) {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_LENGTH_DELIMITED:
        this.lengthDelimited();
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        throw this.fail(`field ${fieldNumber} has unsupported wire type ${wireType}`);
    }
  }

  advance(count) {
    if (count > this.bytes.length - this.position) throw this.fail(`a fixed-width field runs past the end`);
    this.position += count;
  }
}

/** Views an ArrayBuffer or any typed array / DataView as bytes, without copying. */
function asBytes(value, what) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`${what} must be a Uint8Array or an ArrayBuffer, not ${describe(value)}`);
}

function describe(value) {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "an object";
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

function encodeMessage(message, fields, messageName) {
  if (message === null || typeof message !== "object") {
    throw new TypeError(`${messageName} must be an object with the fields ${Object.keys(fields).join(", ")}`);
  }
  for (const key of Object.keys(message)) {
    if (!(key in fields)) {
      throw new TypeError(`${messageName} has no field '${key}'; its fields are ${Object.keys(fields).join(", ")}`);
    }
  }
  // proto3 leaves fields at their default value out, and writes the rest in field-number order.
  const writer = new ByteWriter();
  for (const [name, [number, kind]] of Object.entries(fields)) {
    const value = message[name];
    if (value === undefined) continue;
    switch (kind) {
      case "string":
        if (typeof value !== "string") {
          throw new TypeError(`${messageName}.${name} must be a string, not ${describe(value)}`);
        }
        if (value !== "") writer.lengthDelimited(number, utf8Encoder.encode(value));
        break;
      case "repeated string":
        if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
          throw new TypeError(`${messageName}.${name} must be an array of strings`);
        }
        for (const item of value) writer.lengthDelimited(number, utf8Encoder.encode(item));
        break;
      case "int32":
        if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
          throw new RangeError(
            `${messageName}.${name} must be an integer from -2147483648 to 2147483647, not ${describe(value)}`,
          );
        }
        if (value !== 0) writer.int32(number, value);
        break;
      case "bytes": {
        const bytes = asBytes(value, `${messageName}.${name}`);
        if (bytes.length > 0) writer.lengthDelimited(number, bytes);
        break;
      }
    }
  }
  return writer.finish();
}

function decodeMessage(input, fields, messageName) {
  const reader = new ByteReader(asBytes(input, messageName), messageName);
  const byNumber = new Map();
  const message = {};
  for (const [name, [number, kind]] of Object.entries(fields)) {
    byNumber.set(number, [name, kind]);
    message[name] = kind === "string" ? "" : kind === "repeated string" ? [] : kind === "int32" ? 0 : new Uint8Array(0);
  }
  while (!reader.atEnd) {
    const { value: tag } = reader.varint();
    const fieldNumber = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (fieldNumber === 0) throw reader.fail("field number 0");
    const field = byNumber.get(fieldNumber);
    if (field === undefined) {
      reader.skip(wireType, fieldNumber); // unknown fields are ignored, as protobuf requires
      continue;
    }
    const [name, kind] = field;
    const expectedWireType = kind === "int32" ? WIRE_VARINT : WIRE_LENGTH_DELIMITED;
    if (wireType !== expectedWireType) {
      throw reader.fail(`field ${fieldNumber} (${name}) has wire type ${wireType}, expected ${expectedWireType}`);
    }
    switch (kind) {
      case "int32":
        message[name] = reader.varint().low | 0;
        break;
      case "bytes":
        message[name] = reader.lengthDelimited().slice();
        break;
      default: {
        const payload = reader.lengthDelimited();
        let text;
        try {
          text = utf8Decoder.decode(payload);
        } catch {
          throw reader.fail(`field ${fieldNumber} (${name}) is not valid UTF-8`);
        }
        if (kind === "repeated string") message[name].push(text);
        else message[name] = text;
      }
    }
  }
  return message;
}

/**
 * Encodes an Audio2FaceBlendshapeV1Request: `{className, requestId, sampleRate, sampleWidth, nChannels,
 * profileName, offsetName, responseChunkNFrames, pcmBytes}`; missing fields take their default.
 */
export function encodeRequest(message) {
  return encodeMessage(message, REQUEST_FIELDS, "Audio2FaceBlendshapeV1Request");
}

/** Decodes an Audio2FaceBlendshapeV1Request; every field is present, at its default when absent. */
export function decodeRequest(bytes) {
  return decodeMessage(bytes, REQUEST_FIELDS, "Audio2FaceBlendshapeV1Request");
}

/** Encodes an Audio2FaceBlendshapeV1Response: `{className, blendshapeNames, dtype, data}`. */
export function encodeResponse(message) {
  return encodeMessage(message, RESPONSE_FIELDS, "Audio2FaceBlendshapeV1Response");
}

/**
 * Decodes an Audio2FaceBlendshapeV1Response into `{className, blendshapeNames, dtype, data}`; `data`
 * stays raw bytes because a body's dtype is the one its stream's ResponseStart announced.
 */
export function decodeResponse(bytes) {
  return decodeMessage(bytes, RESPONSE_FIELDS, "Audio2FaceBlendshapeV1Response");
}

// ---------------------------------------------------------------------------------------------
// Frame values: row-major frames x channels, little-endian float16 or float32.

/** The number an IEEE half-precision bit pattern stands for (subnormals, infinities and NaN included). */
export function float16ToNumber(bits) {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

const float32Scratch = new Float32Array(1);
const float32ScratchBits = new Uint32Array(float32Scratch.buffer);

/** The half-precision bit pattern nearest to `value` (rounded to float32 first, then to nearest even). */
export function numberToFloat16(value) {
  float32Scratch[0] = value;
  const bits = float32ScratchBits[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    // Subnormal half: the 24-bit significand shifted down so that one unit is 2^-24.
    const significand = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    let half = significand >>> shift;
    const remainder = significand & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && (half & 1) === 1)) half += 1;
    return sign | half;
  }
  let half = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  // A carry out of the mantissa moves into the exponent, up to infinity, as rounding should.
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half += 1;
  return sign | half;
}

function dtypeWidth(dtype) {
  const width = DTYPE_WIDTHS[dtype];
  if (width === undefined) {
    throw new A2FError(`dtype '${dtype}' is not supported; expected ${Object.keys(DTYPE_WIDTHS).join(" or ")}`);
  }
  return width;
}

/** Unpacks little-endian `dtype` values ("float16" or "float32"); a trailing partial value is ignored. */
export function decodeFrameValues(bytes, dtype) {
  const data = asBytes(bytes, "frame data");
  const width = dtypeWidth(dtype);
  const count = Math.floor(data.length / width);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const values = new Float32Array(count);
  for (let index = 0; index < count; index++) {
    values[index] =
      width === 2 ? float16ToNumber(view.getUint16(index * 2, true)) : view.getFloat32(index * 4, true);
  }
  return values;
}

/** Packs numbers as little-endian `dtype` values ("float16" or "float32"). */
export function encodeFrameValues(values, dtype) {
  const width = dtypeWidth(dtype);
  const data = new Uint8Array(values.length * width);
  const view = new DataView(data.buffer);
  for (let index = 0; index < values.length; index++) {
    if (width === 2) view.setUint16(index * 2, numberToFloat16(values[index]), true);
    else view.setFloat32(index * 4, values[index], true);
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// The stream.

/** An error of a stream; `code` is the WebSocket close code and `reason` the server's close reason. */
export class A2FError extends Error {
  constructor(message, { code, reason } = {}) {
    super(message);
    this.name = "A2FError";
    this.code = code;
    this.reason = reason ?? "";
  }
}

/** What the server's close codes mean, for error messages (WebSocketCloseTable on the server). */
const CLOSE_CODE_MEANINGS = Object.freeze({
  1000: "normal closure",
  1001: "the server is shutting down",
  1002: "protocol error",
  1006: "the connection was lost",
  1008: "the request was refused",
  1009: "a message was too large",
  1011: "server error",
  1013: "the server is busy; try again later",
});

const CONNECT_OPTIONS = Object.freeze([
  "profile",
  "token",
  "requestId",
  "sampleRate",
  "sampleWidth",
  "channels",
  "responseChunkFrames",
  "emotion",
  "framesPerSecond",
  "WebSocket",
]);

/** Resolves `url` (ws, wss, http, https, or relative to the page) to the streaming endpoint with its token. */
function streamingURL(url, token) {
  const base = globalThis.location?.href;
  let resolved;
  try {
    resolved = base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    throw new TypeError(`url '${url}' is not a URL; expected e.g. ws://127.0.0.1:18083${STREAMING_PATH}`);
  }
  const schemes = { "ws:": "ws:", "wss:": "wss:", "http:": "ws:", "https:": "wss:" };
  if (!(resolved.protocol in schemes)) {
    throw new TypeError(`url '${url}' has scheme ${resolved.protocol}; expected ws:, wss:, http: or https:`);
  }
  resolved.protocol = schemes[resolved.protocol];
  if (resolved.pathname === "/" || resolved.pathname === "") resolved.pathname = STREAMING_PATH;
  if (token !== undefined) resolved.searchParams.set("token", token);
  return resolved;
}

/** The URL with its token hidden, for messages that may end up in logs. */
function redacted(url) {
  const copy = new URL(url.href);
  if (copy.searchParams.has("token")) copy.searchParams.set("token", "***");
  return copy.href;
}

function checkOption(options, name, test, allowed) {
  const value = options[name];
  if (value !== undefined && !test(value)) {
    throw new TypeError(`option ${name} is ${describe(value)}; it must be ${allowed}`);
  }
}

function newRequestId() {
  if (typeof globalThis.crypto?.randomUUID === "function") return globalThis.crypto.randomUUID();
  return `js-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Opens a stream: connects to `url`, sends ChunkStart, and resolves with the open ``A2FStream``.
 * Rejects with an ``A2FError`` when the socket cannot be opened (the server refuses a bad token with
 * HTTP 401 before the WebSocket opens, which a browser reports only as a failed connection).
 */
export function connect(url, options = {}) {
  return new Promise((resolve, reject) => {
    for (const key of Object.keys(options)) {
      if (!CONNECT_OPTIONS.includes(key)) {
        throw new TypeError(`unknown option '${key}'; the options are ${CONNECT_OPTIONS.join(", ")}`);
      }
    }
    const isString = (value) => typeof value === "string";
    const isCount = (value) => Number.isInteger(value) && value > 0 && value <= 0x7fffffff;
    checkOption(options, "profile", isString, "a string (a profile name the server knows)");
    checkOption(options, "token", isString, "a string (the API key)");
    checkOption(options, "requestId", isString, "a string");
    checkOption(options, "emotion", isString, "a string (an emotion preset name)");
    checkOption(options, "sampleRate", isCount, "a positive integer (samples per second)");
    checkOption(options, "sampleWidth", isCount, "a positive integer (bytes per sample: 1, 2 or 4)");
    checkOption(options, "channels", isCount, "a positive integer");
    const isFrameCount = (value) => Number.isInteger(value) && value >= 0 && value <= 0x7fffffff;
    checkOption(options, "responseChunkFrames", isFrameCount, "an integer of 0 (server default) or more");
    const isRate = (value) => typeof value === "number" && Number.isFinite(value) && value > 0;
    checkOption(options, "framesPerSecond", isRate, "a positive number");
    checkOption(options, "WebSocket", (value) => typeof value === "function", "a WebSocket constructor");

    const WebSocketImplementation = options.WebSocket ?? globalThis.WebSocket;
    if (typeof WebSocketImplementation !== "function") {
      throw new A2FError(
        "no WebSocket implementation: browsers and Node 22 have one, Node 20 needs --experimental-websocket; " +
          "or pass one as the WebSocket option",
      );
    }
    const target = streamingURL(url, options.token);
    const start = {
      className: ClassName.chunkStart,
      requestId: options.requestId ?? newRequestId(),
      sampleRate: options.sampleRate ?? 16000,
      sampleWidth: options.sampleWidth ?? 2,
      nChannels: options.channels ?? 1,
      profileName: options.profile ?? "",
      responseChunkNFrames: options.responseChunkFrames ?? 0,
    };

    const socket = new WebSocketImplementation(target.href);
    socket.binaryType = "arraybuffer";
    let settled = false;
    const refused = (event) => {
      if (settled) return;
      settled = true;
      detach();
      const code = typeof event?.code === "number" ? event.code : 1006;
      const reason = typeof event?.reason === "string" ? event.reason : "";
      const tokenHint = options.token === undefined ? "check the token: none was given" : "check the token";
      reject(
        new A2FError(`server refused the connection (${tokenHint}): could not open ${redacted(target)}`, {
          code,
          reason,
        }),
      );
    };
    const opened = () => {
      if (settled) return;
      settled = true;
      detach();
      const stream = new A2FStream(socket, {
        requestId: start.requestId,
        sampleWidth: start.sampleWidth,
        emotion: options.emotion,
        framesPerSecond: options.framesPerSecond ?? FRAMES_PER_SECOND,
      });
      socket.send(encodeRequest(start));
      resolve(stream);
    };
    const detach = () => {
      socket.removeEventListener("open", opened);
      socket.removeEventListener("error", refused);
      socket.removeEventListener("close", refused);
    };
    socket.addEventListener("open", opened);
    socket.addEventListener("error", refused);
    socket.addEventListener("close", refused);
  });
}

/** Carries a stream failure to "error" listeners. */
class A2FErrorEvent extends Event {
  constructor(error) {
    super("error");
    this.error = error;
  }
}

/** Carries a frame to "frame" listeners. */
class A2FFrameEvent extends Event {
  constructor(frame) {
    super("frame");
    this.frame = frame;
  }
}

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * One open stream (made by ``connect``): sends audio, receives frames. Frames no reader has taken yet
 * wait in a queue for the first async iterator or `onFrame` callback, so none is lost between
 * `connect` and the start of reading; once a callback is registered, frames are not queued.
 */
export class A2FStream extends EventTarget {
  #socket;
  #sampleWidth;
  #pendingEmotion;
  #callbacks = new Set();
  #queued = [];
  #iterator = null;
  #endSent = false;
  #finished = false;
  #failure = null;
  #resolveDone;
  #rejectDone;

  constructor(socket, { requestId, sampleWidth, emotion, framesPerSecond }) {
    super();
    this.#socket = socket;
    this.#sampleWidth = sampleWidth;
    this.#pendingEmotion = emotion;
    /** The request id sent in ChunkStart. */
    this.requestId = requestId;
    /** Seconds per frame are 1 / framesPerSecond. */
    this.framesPerSecond = framesPerSecond;
    /** Channel names, from ResponseStart (null until it arrives). */
    this.names = null;
    /** The dtype the server announced for bodies (null until ResponseStart). */
    this.dtype = null;
    /** Frames received so far. */
    this.frameCount = 0;
    /** Resolves with `{frameCount, names}` at ResponseEnd; rejects with an A2FError. */
    this.done = new Promise((resolve, reject) => {
      this.#resolveDone = resolve;
      this.#rejectDone = reject;
    });
    // A failure is reported through `done`, iteration and "error" events; nobody has to await `done`.
    this.done.catch(() => {});
    socket.addEventListener("message", (event) => this.#receive(event.data));
    socket.addEventListener("close", (event) => this.#closed(event));
  }

  /** Bytes queued in the socket but not yet sent (for pacing a sender). */
  get bufferedAmount() {
    return this.#socket.bufferedAmount ?? 0;
  }

  /**
   * Sends audio: an Int16Array of samples (sampleWidth 2) or a Uint8Array of little-endian PCM bytes in
   * the announced format. `emotion` names an emotion preset that applies from this audio on.
   */
  sendPcm(pcm, { emotion } = {}) {
    if (this.#failure !== null) throw this.#failure;
    if (this.#endSent) throw new A2FError("sendPcm was called after end(); start a new stream for more audio");
    if (this.#finished) throw new A2FError("sendPcm was called after the stream ended");
    if (emotion !== undefined && typeof emotion !== "string") {
      throw new TypeError(`emotion must be a string (an emotion preset name), not ${describe(emotion)}`);
    }
    let bytes;
    if (pcm instanceof Int16Array) {
      if (this.#sampleWidth !== 2) {
        throw new TypeError(
          `sendPcm got an Int16Array but the stream announced sampleWidth ${this.#sampleWidth}; pass a Uint8Array`,
        );
      }
      bytes = hostIsLittleEndian ? asBytes(pcm) : littleEndianSamples(pcm);
    } else if (pcm instanceof Uint8Array) {
      bytes = pcm;
    } else {
      throw new TypeError(
        `sendPcm takes an Int16Array of samples or a Uint8Array of PCM bytes, not ${describe(pcm)}; ` +
          "convert float samples to 16-bit integers first",
      );
    }
    const offsetName = emotion ?? this.#pendingEmotion ?? "";
    this.#pendingEmotion = undefined;
    this.#socket.send(encodeRequest({ className: ClassName.chunkBody, pcmBytes: bytes, offsetName }));
  }

  /** Tells the server no more audio follows (ChunkEnd); returns `done`. Calling it again does nothing. */
  end() {
    if (this.#failure === null && !this.#endSent && !this.#finished) {
      this.#endSent = true;
      this.#socket.send(encodeRequest({ className: ClassName.chunkEnd }));
    }
    return this.done;
  }

  /** Closes the connection now; a stream that has not ended fails with code 1000, "closed by the client". */
  close() {
    if (!this.#finished && this.#failure === null) {
      this.#fail(
        new A2FError("the stream was closed by the client before ResponseEnd", {
          code: 1000,
          reason: "closed by the client",
        }),
      );
    }
    this.#socket.close(1000);
  }

  /** Calls `callback(frame)` for every frame, first for those still queued; returns an unsubscribe function. */
  onFrame(callback) {
    if (typeof callback !== "function") throw new TypeError("onFrame takes a function");
    this.#callbacks.add(callback);
    if (this.#iterator === null) {
      const queued = this.#queued;
      this.#queued = [];
      for (const frame of queued) callback(frame);
    }
    return () => this.#callbacks.delete(callback);
  }

  /** Yields frames in order; ends after ResponseEnd, throws the stream's error if it fails. One at a time. */
  [Symbol.asyncIterator]() {
    if (this.#iterator !== null) throw new A2FError("the stream is already being iterated");
    const iterator = { frames: this.#queued, wake: null };
    this.#queued = [];
    this.#iterator = iterator;
    const release = () => {
      if (this.#iterator === iterator) this.#iterator = null;
    };
    return {
      next: async () => {
        for (;;) {
          if (iterator.frames.length > 0) return { value: iterator.frames.shift(), done: false };
          if (this.#failure !== null) {
            release();
            throw this.#failure;
          }
          if (this.#finished || this.#iterator !== iterator) {
            release();
            return { value: undefined, done: true };
          }
          await new Promise((wake) => (iterator.wake = wake));
        }
      },
      return: async () => {
        release();
        iterator.wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  #wakeIterator() {
    const wake = this.#iterator?.wake;
    if (this.#iterator !== null) this.#iterator.wake = null;
    wake?.();
  }

  #receive(data) {
    if (this.#finished || this.#failure !== null) return;
    try {
      if (typeof data === "string") throw new A2FError("the server sent a text message; the protocol is binary");
      if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) {
        throw new A2FError(`the WebSocket delivered ${describe(data)}; set binaryType = "arraybuffer"`);
      }
      const message = decodeResponse(data);
      switch (message.className) {
        case ClassName.responseStart:
          this.#started(message);
          break;
        case ClassName.responseBody:
          this.#body(message);
          break;
        case ClassName.responseEnd:
          this.#ended();
          break;
        default:
          throw new A2FError(`the server sent an unknown class_name '${message.className.slice(0, 64)}'`);
      }
    } catch (error) {
      const failure =
        error instanceof A2FError ? error : new A2FError(`could not read a server message: ${error.message}`);
      failure.code ??= 1002;
      failure.reason ||= failure.message;
      this.#fail(failure);
      this.#socket.close(1000);
    }
  }

  #started(message) {
    if (this.names !== null) throw new A2FError("the server sent ResponseStart twice");
    dtypeWidth(message.dtype);
    this.names = message.blendshapeNames;
    this.dtype = message.dtype;
    this.dispatchEvent(new Event("start"));
  }

  #body(message) {
    if (this.names === null) throw new A2FError("the server sent frames before ResponseStart");
    const values = decodeFrameValues(message.data, this.dtype);
    const width = this.names.length;
    if (width === 0 || values.length % width !== 0) {
      throw new A2FError(`a body holds ${values.length} values, not a whole number of ${width}-wide frames`);
    }
    for (let offset = 0; offset < values.length; offset += width) {
      const index = this.frameCount++;
      const frameValues = values.slice(offset, offset + width);
      const frame = {
        index,
        time: index / this.framesPerSecond,
        weights: Object.fromEntries(this.names.map((name, channel) => [name, frameValues[channel]])),
        values: frameValues,
      };
      this.#deliver(frame);
    }
  }

  #deliver(frame) {
    if (this.#iterator !== null) {
      this.#iterator.frames.push(frame);
      this.#wakeIterator();
    } else if (this.#callbacks.size === 0) {
      this.#queued.push(frame);
    }
    for (const callback of this.#callbacks) {
      try {
        callback(frame);
      } catch (error) {
        // The caller's bug, not the stream's: report it as uncaught and keep the stream going.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    this.dispatchEvent(new A2FFrameEvent(frame));
  }

  #ended() {
    if (this.names === null) throw new A2FError("the server sent ResponseEnd before ResponseStart");
    this.#finished = true;
    this.#resolveDone({ frameCount: this.frameCount, names: this.names });
    this.#wakeIterator();
    this.dispatchEvent(new Event("end"));
  }

  #closed(event) {
    if (this.#finished || this.#failure !== null) return;
    const code = typeof event?.code === "number" ? event.code : 1006;
    const reason = typeof event?.reason === "string" ? event.reason : "";
    const meaning = CLOSE_CODE_MEANINGS[code] ?? "unknown close code";
    const ending = code === 1000 ? "before ResponseEnd" : `with ${code} (${meaning})`;
    this.#fail(new A2FError(`server closed the stream ${ending}${reason ? `: ${reason}` : ""}`, { code, reason }));
  }

  #fail(error) {
    this.#failure = error;
    this.#rejectDone(error);
    this.#wakeIterator();
    this.dispatchEvent(new A2FErrorEvent(error));
  }
}

function littleEndianSamples(samples) {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < samples.length; index++) view.setInt16(index * 2, samples[index], true);
  return bytes;
}
