// The wire codec against vectors.json, which Tests/Audio2FaceClientTests/JSVectorTests.swift writes
// from the Swift codec, and float16 conversion at its edges.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  A2FError,
  ClassName,
  decodeFrameValues,
  decodeRequest,
  decodeResponse,
  encodeFrameValues,
  encodeRequest,
  encodeResponse,
  float16ToNumber,
  numberToFloat16,
} from "../audio2face.js";

const vectors = JSON.parse(readFileSync(new URL("./vectors.json", import.meta.url), "utf8"));

function fromHex(text) {
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function toHex(bytes) {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** JSON numbers, or "NaN" / "Infinity" / "-Infinity" as the Swift encoder writes non-finite values. */
function jsonFloat(value) {
  return typeof value === "string" ? Number(value) : value;
}

function float32FromBits(bits) {
  return new Float32Array(new Uint32Array([bits]).buffer)[0];
}

test("the vector file covers every message kind", () => {
  const requestKinds = new Set(vectors.requests.map((vector) => vector.message.className));
  const responseKinds = new Set(vectors.responses.map((vector) => vector.message.className));
  assert.deepEqual([...requestKinds].sort(), [ClassName.chunkBody, ClassName.chunkEnd, ClassName.chunkStart].sort());
  assert.deepEqual(
    [...responseKinds].sort(),
    [ClassName.responseBody, ClassName.responseEnd, ClassName.responseStart].sort(),
  );
  const dtypes = new Set(vectors.responses.filter((vector) => vector.frames).map((vector) => vector.frames.dtype));
  assert.deepEqual([...dtypes].sort(), ["float16", "float32"]);
});

for (const vector of vectors.requests) {
  test(`request ${vector.name}: decodes to its fields and encodes to the Swift codec's bytes`, () => {
    const expected = { ...vector.message, pcmBytes: fromHex(vector.message.pcmBytes) };
    assert.deepEqual(decodeRequest(fromHex(vector.bytes)), expected);
    assert.equal(toHex(encodeRequest(expected)), vector.bytes);
  });
}

for (const vector of vectors.responses) {
  test(`response ${vector.name}: decodes to its fields and encodes to the Swift codec's bytes`, () => {
    const expected = { ...vector.message, data: fromHex(vector.message.data) };
    const decoded = decodeResponse(fromHex(vector.bytes).buffer);
    assert.deepEqual(decoded, expected);
    assert.equal(toHex(encodeResponse(expected)), vector.bytes);
    if (!vector.frames) return;

    const { dtype, channelCount, frameCount, input, float32Bits } = vector.frames;
    const values = decodeFrameValues(decoded.data, dtype);
    assert.ok(values instanceof Float32Array);
    assert.equal(values.length, frameCount * channelCount);
    values.forEach((value, index) => {
      const swift = float32FromBits(float32Bits[index]);
      if (Number.isNaN(swift)) assert.ok(Number.isNaN(value), `value ${index} should be NaN, is ${value}`);
      else assert.ok(Object.is(value, swift), `value ${index} is ${value}, Swift decoded ${swift}`);
    });
    assert.equal(toHex(encodeFrameValues(input.map(jsonFloat), dtype)), vector.message.data);
  });
}

test("float16 bit patterns decode at every edge", () => {
  const cases = [
    [0x0000, 0],
    [0x8000, -0],
    [0x0001, 2 ** -24], // smallest subnormal
    [0x03ff, 1023 * 2 ** -24], // largest subnormal
    [0x0400, 2 ** -14], // smallest normal
    [0x3c00, 1],
    [0xc000, -2],
    [0x3800, 0.5],
    [0x3e00, 1.5],
    [0x7bff, 65504], // largest finite
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ];
  for (const [bits, expected] of cases) {
    assert.ok(Object.is(float16ToNumber(bits), expected), `0x${bits.toString(16)} -> ${float16ToNumber(bits)}`);
  }
  for (const nan of [0x7e00, 0x7c01, 0xfe00, 0x7fff]) assert.ok(Number.isNaN(float16ToNumber(nan)));
});

test("every finite and infinite float16 survives a round trip through a number", () => {
  for (let bits = 0; bits <= 0xffff; bits++) {
    const value = float16ToNumber(bits);
    if (Number.isNaN(value)) {
      assert.ok(Number.isNaN(float16ToNumber(numberToFloat16(value))));
    } else {
      assert.equal(numberToFloat16(value), bits, `0x${bits.toString(16)} (${value})`);
    }
  }
});

test("numbers round to the nearest float16, ties to even", () => {
  const cases = [
    [1 + 2 ** -11, 0x3c00], // halfway between 1 and the next half: even wins
    [1 + 3 * 2 ** -11, 0x3c02],
    [1 + 2 ** -11 + 2 ** -20, 0x3c01],
    [65519, 0x7bff],
    [65520, 0x7c00], // rounds up past the largest finite: infinity
    [1e6, 0x7c00],
    [-1e6, 0xfc00],
    [2 ** -25, 0x0000], // half the smallest subnormal: ties to even zero
    [1.5 * 2 ** -25, 0x0001],
    [3 * 2 ** -25, 0x0002], // halfway between subnormals 1 and 2: even wins
    [-1e-9, 0x8000],
    [1023.5 * 2 ** -24, 0x0400], // the largest subnormal rounds up into the normals
  ];
  for (const [value, bits] of cases) {
    assert.equal(numberToFloat16(value), bits, `${value} -> 0x${numberToFloat16(value).toString(16)}`);
  }
});

test("a trailing partial value is ignored, as the Swift codec does", () => {
  assert.deepEqual(Array.from(decodeFrameValues(new Uint8Array([0x00, 0x3c, 0x00]), "float16")), [1]);
  assert.deepEqual(Array.from(decodeFrameValues(new Uint8Array([0, 0, 0x80, 0x3f, 9]), "float32")), [1]);
});

test("an unknown dtype is named in the error", () => {
  assert.throws(() => decodeFrameValues(new Uint8Array(4), "float64"), {
    name: "A2FError",
    message: "dtype 'float64' is not supported; expected float16 or float32",
  });
});

test("unknown fields are skipped, whatever their wire type", () => {
  const known = encodeResponse({ className: ClassName.responseEnd });
  // field 15 varint 300, field 16 fixed64, field 17 length-delimited "ab", field 18 fixed32
  const unknown = [
    ...[0x78, 0xac, 0x02],
    ...[0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8],
    ...[0x8a, 0x01, 2, 0x61, 0x62],
    ...[0x95, 0x01, 1, 2, 3, 4],
  ];
  const bytes = new Uint8Array([...unknown, ...known]);
  assert.equal(decodeResponse(bytes).className, ClassName.responseEnd);
});

test("broken protobuf is refused with the problem and its position", () => {
  const start = encodeRequest({ className: ClassName.chunkStart, requestId: "abc" });
  assert.throws(() => decodeRequest(start.subarray(0, start.length - 1)), {
    name: "A2FError",
    message: /^Audio2FaceBlendshapeV1Request is not valid protobuf: a 3-byte field runs past the end at byte \d+$/,
  });
  assert.throws(() => decodeResponse(new Uint8Array([0x0a, 0x02, 0xc3, 0x28])), {
    message: /field 1 \(className\) is not valid UTF-8/,
  });
  assert.throws(() => decodeResponse(new Uint8Array([0x08, 0x01])), {
    message: /field 1 \(className\) has wire type 0, expected 2/,
  });
  assert.throws(() => decodeResponse(new Uint8Array([0x78])), { message: /a varint runs past the end/ });
  assert.throws(() => decodeResponse(new Uint8Array([0x00, 0x00])), { message: /field number 0/ });
  assert.throws(() => decodeResponse(new Uint8Array(11).fill(0xff)), { message: /longer than ten bytes/ });
  assert.throws(() => decodeResponse("not bytes"), { name: "TypeError" });
});

test("encoding refuses unknown fields and out-of-range numbers, naming them", () => {
  assert.throws(() => encodeRequest({ className: ClassName.chunkEnd, sample_rate: 16000 }), {
    name: "TypeError",
    message: /has no field 'sample_rate'; its fields are className, requestId, sampleRate,/,
  });
  assert.throws(() => encodeRequest({ sampleRate: 2 ** 31 }), {
    name: "RangeError",
    message: /sampleRate must be an integer from -2147483648 to 2147483647/,
  });
  assert.throws(() => encodeRequest({ sampleRate: 1.5 }), { name: "RangeError" });
  assert.throws(() => encodeRequest({ profileName: 3 }), { message: /profileName must be a string/ });
  assert.throws(() => encodeResponse({ blendshapeNames: ["a", 1] }), { message: /array of strings/ });
  assert.throws(() => encodeRequest({ pcmBytes: [1, 2] }), { message: /pcmBytes must be a Uint8Array/ });
  assert.ok(new A2FError("x") instanceof Error);
});
