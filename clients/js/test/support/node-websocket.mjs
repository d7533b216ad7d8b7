// A small WebSocket client (RFC 6455) on node:http, with the browser WebSocket's events and methods
// that audio2face.js uses, so the real-server test runs on Node 18 and 20 without flags. Test code
// only: plain ws:, no extensions, no subprotocols.
import { createHash, randomBytes } from "node:crypto";
import { request } from "node:http";

const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa };

export class NodeTestWebSocket extends EventTarget {
  #socket = null;
  #buffer = Buffer.alloc(0);
  #fragments = [];
  #fragmentOpcode = 0;
  #closeSent = false;
  #closeEmitted = false;

  constructor(url) {
    super();
    const target = new URL(url);
    if (target.protocol !== "ws:") throw new Error(`NodeTestWebSocket speaks ws: only, not ${target.protocol}`);
    this.url = target.href;
    this.readyState = 0;
    this.binaryType = "blob";
    this.bufferedAmount = 0;
    const key = randomBytes(16).toString("base64");
    const handshake = request({
      host: target.hostname,
      port: target.port || 80,
      path: target.pathname + target.search,
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": key },
    });
    handshake.on("upgrade", (response, socket, head) => {
      const accept = createHash("sha1").update(key + HANDSHAKE_GUID).digest("base64");
      if (response.headers["sec-websocket-accept"] !== accept) {
        socket.destroy();
        this.#failBeforeOpen();
        return;
      }
      this.#socket = socket;
      this.readyState = 1;
      socket.on("data", (chunk) => this.#read(chunk));
      socket.on("close", () => this.#emitClose(1006, ""));
      socket.on("error", () => {});
      this.dispatchEvent(new Event("open"));
      if (head.length > 0) this.#read(head);
    });
    // A refused upgrade is an ordinary HTTP response (401, 403, 404): like a browser, report only failure.
    handshake.on("response", (response) => {
      response.resume();
      this.#failBeforeOpen();
    });
    handshake.on("error", () => this.#failBeforeOpen());
    handshake.end();
  }

  send(data) {
    if (this.readyState !== 1) throw new Error(`send in readyState ${this.readyState}`);
    this.#write(OPCODE.binary, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }

  close(code = 1000) {
    if (this.readyState !== 1) return;
    this.readyState = 2;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.#closeSent = true;
    this.#write(OPCODE.close, payload);
  }

  #failBeforeOpen() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatchEvent(new Event("error"));
    this.#emitClose(1006, "");
  }

  #write(opcode, payload) {
    const mask = randomBytes(4);
    const length = payload.length;
    const header =
      length < 126 ? Buffer.alloc(2) : length < 0x10000 ? Buffer.alloc(4) : Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    if (length < 126) {
      header[1] = 0x80 | length;
    } else if (length < 0x10000) {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    const masked = Buffer.alloc(length);
    for (let index = 0; index < length; index++) masked[index] = payload[index] ^ mask[index % 4];
    this.#socket.write(Buffer.concat([header, mask, masked]));
  }

  #read(chunk) {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (this.#buffer.length < 2) return;
      const fin = (this.#buffer[0] & 0x80) !== 0;
      const opcode = this.#buffer[0] & 0x0f;
      let length = this.#buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.#buffer.length < 4) return;
        length = this.#buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.#buffer.length < 10) return;
        length = Number(this.#buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.#buffer.length < offset + length) return;
      const payload = this.#buffer.subarray(offset, offset + length);
      this.#buffer = this.#buffer.subarray(offset + length);
      this.#frame(fin, opcode, Buffer.from(payload));
    }
  }

  #frame(fin, opcode, payload) {
    switch (opcode) {
      case OPCODE.ping:
        this.#write(OPCODE.pong, payload);
        return;
      case OPCODE.pong:
        return;
      case OPCODE.close: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        const reason = payload.subarray(2).toString("utf8");
        if (!this.#closeSent && this.readyState === 1) {
          this.#closeSent = true;
          this.#write(OPCODE.close, payload.subarray(0, 2));
        }
        this.#socket.end();
        this.#emitClose(code, reason);
        return;
      }
      default: {
        if (opcode !== OPCODE.continuation) this.#fragmentOpcode = opcode;
        this.#fragments.push(payload);
        if (!fin) return;
        const message = Buffer.concat(this.#fragments);
        this.#fragments = [];
        const data =
          this.#fragmentOpcode === OPCODE.text
            ? message.toString("utf8")
            : message.buffer.slice(message.byteOffset, message.byteOffset + message.length);
        this.dispatchEvent(Object.assign(new Event("message"), { data }));
      }
    }
  }

  #emitClose(code, reason) {
    if (this.#closeEmitted) return;
    this.#closeEmitted = true;
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event("close"), { code, reason, wasClean: code !== 1006 }));
  }
}
