// The terminal stream's frames: terminal I/O travels on a plain WebSocket beside socket.io, one binary frame per message.
//
// Keystrokes and their echo are the lab's hot path. On socket.io every message also passes
// through engine.io's and socket.io's packet layers at both ends; on the terminal stream a
// keystroke is one small binary frame and its echo another, nothing else. Requests, replies and
// every other push stay on socket.io (the contract in ./index).
//
// Every frame starts with the same header, then a body that depends on its kind:
//
//   byte 0       kind (StreamFrameKind)
//   byte 1       length n of the terminal id (ASCII: letters, digits, _ and -; 1-64 characters)
//   bytes 2..    the terminal id
//   body         output: seq as float64 little-endian (a byte count, exact below 2^53), then the bytes
//                exit:   exit code as int32 little-endian, then the signal as int32 (0: none)
//                input:  the keystrokes, UTF-8
//                ack:    rendered byte count as uint32 little-endian
//
// The page opens the stream at STREAM_PATH once its socket.io connection is up, naming the key it
// gave in its handshake (HandshakeAuth.streamKey); the server ties the two together, and when
// either closes the page reconnects both.

/** Where the terminal stream's WebSocket connects; `?key=` names the page's socket.io handshake. */
export const STREAM_PATH = '/terminal-stream';

export const StreamFrameKind = {
  /** Server → page: output bytes of a terminal. */
  output: 0x01,
  /** Server → page: the terminal's shell ended. */
  exit: 0x02,
  /** Page → server: keystrokes or pasted text. */
  input: 0x11,
  /** Page → server: this many more output bytes were rendered (flow control). */
  ack: 0x12,
} as const;

/** Largest keystroke frame body (in bytes of UTF-8); the page sends bigger pastes in several frames. */
export const MAX_INPUT_BYTES = 128 * 1024;
const MAX_ID_BYTES = 64;
/** Largest frame either side accepts (the biggest is an input frame). */
export const MAX_STREAM_FRAME_BYTES = 2 + MAX_ID_BYTES + MAX_INPUT_BYTES;

export type ServerFrame = { kind: 'output'; terminalId: string; seq: number; data: Uint8Array } | { kind: 'exit'; terminalId: string; exitCode: number; signal: number | null };

export type PageFrame = { kind: 'input'; terminalId: string; data: Uint8Array } | { kind: 'ack'; terminalId: string; bytes: number };

/** A frame that breaks the format; its message says what is wrong, for the notice the sender gets. */
export class StreamFrameError extends Error {}

/**
 * On the server (Node) frames come from Buffer.allocUnsafe, which takes small ones from a shared
 * pool and skips zero-filling (every byte is written); in a browser a plain Uint8Array.
 */
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafe(size: number): Uint8Array } }).Buffer;
const allocate = (size: number): Uint8Array => (NodeBuffer ? NodeBuffer.allocUnsafe(size) : new Uint8Array(size));

/** Letters, digits, _ and - (the contract's Id), as character codes. */
const isIdChar = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;

/** A frame of `bodyBytes` after the header for `terminalId`; the body starts at 2 + the id's length. */
function frameWithHeader(kind: number, terminalId: string, bodyBytes: number): Uint8Array {
  const idLength = terminalId.length;
  if (idLength === 0 || idLength > MAX_ID_BYTES) throw new StreamFrameError(`a terminal id of ${idLength} characters cannot be framed`);
  const frame = allocate(2 + idLength + bodyBytes);
  frame[0] = kind;
  frame[1] = idLength;
  // Ids are letters, digits, _ and - (the contract's Id), one byte per character.
  for (let i = 0; i < idLength; i++) frame[2 + i] = terminalId.charCodeAt(i);
  return frame;
}

/** Scratch for a frame's numbers, so the hot path makes no DataView per frame. */
const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

function writeFloat64(frame: Uint8Array, at: number, value: number): void {
  scratch.setFloat64(0, value, true);
  frame.set(scratchBytes, at);
}

function writeInt32(frame: Uint8Array, at: number, value: number): void {
  scratch.setInt32(0, value, true);
  for (let i = 0; i < 4; i++) frame[at + i] = scratchBytes[i]!;
}

/** Little-endian unsigned 32-bit, read byte by byte. */
const readUint32 = (frame: Uint8Array, at: number): number => (frame[at]! | (frame[at + 1]! << 8) | (frame[at + 2]! << 16) | (frame[at + 3]! << 24)) >>> 0;

export function encodeOutput(terminalId: string, seq: number, data: Uint8Array): Uint8Array {
  const frame = frameWithHeader(StreamFrameKind.output, terminalId, 8 + data.byteLength);
  const body = 2 + terminalId.length;
  writeFloat64(frame, body, seq);
  frame.set(data, body + 8);
  return frame;
}

export function encodeExit(terminalId: string, exitCode: number, signal: number | null): Uint8Array {
  const frame = frameWithHeader(StreamFrameKind.exit, terminalId, 8);
  const body = 2 + terminalId.length;
  writeInt32(frame, body, exitCode);
  writeInt32(frame, body + 4, signal ?? 0);
  return frame;
}

/** `data` is UTF-8 already (see encodeInputText for a string). */
export function encodeInput(terminalId: string, data: Uint8Array): Uint8Array {
  if (data.byteLength > MAX_INPUT_BYTES) throw new StreamFrameError(`input of ${data.byteLength} bytes is over the ${MAX_INPUT_BYTES} a frame carries`);
  const frame = frameWithHeader(StreamFrameKind.input, terminalId, data.byteLength);
  frame.set(data, 2 + terminalId.length);
  return frame;
}

/** TextEncoder exists in browsers and Node alike; core compiles with neither's types. */
type Utf8Encoder = { encodeInto(text: string, into: Uint8Array): { read: number; written: number } };
const utf8 = new (globalThis as unknown as { TextEncoder: new () => Utf8Encoder }).TextEncoder();

/** Keystrokes as the page has them (a string), encoded straight into the frame. */
export function encodeInputText(terminalId: string, text: string): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; the frame is trimmed to what was written.
  const frame = frameWithHeader(StreamFrameKind.input, terminalId, text.length * 3);
  const body = 2 + terminalId.length;
  const { written } = utf8.encodeInto(text, frame.subarray(body));
  if (written > MAX_INPUT_BYTES) throw new StreamFrameError(`input of ${written} bytes is over the ${MAX_INPUT_BYTES} a frame carries`);
  return frame.subarray(0, body + written);
}

export function encodeAck(terminalId: string, bytes: number): Uint8Array {
  const frame = frameWithHeader(StreamFrameKind.ack, terminalId, 4);
  const body = 2 + terminalId.length;
  for (let i = 0; i < 4; i++) frame[body + i] = (bytes >>> (8 * i)) & 0xff;
  return frame;
}

/** In Node a binary message arrives as a Buffer (a Uint8Array); in a browser as an ArrayBuffer. */
export const frameBytes = (message: unknown): Uint8Array | null => (message instanceof Uint8Array ? message : message instanceof ArrayBuffer ? new Uint8Array(message) : null);

/**
 * Ids read lately, by a hash of their bytes: a page's frames name the same few terminals over and
 * over, so a frame's id is usually found here and no string is made for it.
 */
const recentIds = new Map<number, string>();
const RECENT_IDS_LIMIT = 4096;

/** The frame's terminal id, checked character by character (this runs for every keystroke and every echo). */
function readTerminalId(frame: Uint8Array): string {
  if (frame.byteLength < 3) throw new StreamFrameError(`a frame of ${frame.byteLength} bytes is too short`);
  const idLength = frame[1]!;
  if (idLength === 0 || idLength > MAX_ID_BYTES || frame.byteLength < 2 + idLength) throw new StreamFrameError(`the terminal id's length (${idLength}) does not fit the frame`);
  let hash = idLength;
  for (let i = 2; i < 2 + idLength; i++) {
    const c = frame[i]!;
    if (!isIdChar(c)) throw new StreamFrameError('a terminal id is letters, digits, _ and -');
    // Kept within a small integer, which a Map compares without making a number object.
    hash = (Math.imul(hash, 31) + c) & 0x3fffffff;
  }
  const known = recentIds.get(hash);
  if (known !== undefined && sameId(known, frame, idLength)) return known;
  let terminalId = '';
  for (let i = 2; i < 2 + idLength; i++) terminalId += String.fromCharCode(frame[i]!);
  if (recentIds.size >= RECENT_IDS_LIMIT) recentIds.clear();
  recentIds.set(hash, terminalId);
  return terminalId;
}

function sameId(id: string, frame: Uint8Array, idLength: number): boolean {
  if (id.length !== idLength) return false;
  for (let i = 0; i < idLength; i++) if (id.charCodeAt(i) !== frame[2 + i]) return false;
  return true;
}

const viewOf = (frame: Uint8Array) => new DataView(frame.buffer, frame.byteOffset, frame.byteLength);

const bodyOf = (frame: Uint8Array, body: number, bytes: number, what: string) => {
  if (frame.byteLength !== body + bytes) throw new StreamFrameError(`${what} frame has ${frame.byteLength - body} body bytes, not ${bytes}`);
};

/** What the page reads; `data` is a view into the frame, not a copy. Throws StreamFrameError. */
export function decodeServerFrame(frame: Uint8Array): ServerFrame {
  const terminalId = readTerminalId(frame);
  const kind = frame[0]!;
  const body = 2 + terminalId.length;
  if (kind === StreamFrameKind.output) {
    if (frame.byteLength < body + 8) throw new StreamFrameError('an output frame has no seq');
    const seq = viewOf(frame).getFloat64(body, true);
    if (!Number.isSafeInteger(seq) || seq < 0) throw new StreamFrameError(`an output frame's seq (${seq}) is not a byte count`);
    return { kind: 'output', terminalId, seq, data: frame.subarray(body + 8) };
  }
  if (kind === StreamFrameKind.exit) {
    bodyOf(frame, body, 8, 'an exit');
    const view = viewOf(frame);
    const signal = view.getInt32(body + 4, true);
    return { kind: 'exit', terminalId, exitCode: view.getInt32(body, true), signal: signal > 0 ? signal : null };
  }
  throw new StreamFrameError(`unknown frame kind 0x${kind.toString(16)} from the server`);
}

/** What the server reads from a page; `data` is a view into the frame, not a copy. Throws StreamFrameError. */
export function decodePageFrame(frame: Uint8Array): PageFrame {
  const terminalId = readTerminalId(frame);
  const kind = frame[0]!;
  const body = 2 + terminalId.length;
  if (kind === StreamFrameKind.input) {
    if (frame.byteLength - body > MAX_INPUT_BYTES) throw new StreamFrameError(`input of ${frame.byteLength - body} bytes is over the ${MAX_INPUT_BYTES} a frame carries`);
    return { kind: 'input', terminalId, data: frame.subarray(body) };
  }
  if (kind === StreamFrameKind.ack) {
    bodyOf(frame, body, 4, 'an ack');
    return { kind: 'ack', terminalId, bytes: readUint32(frame, body) };
  }
  throw new StreamFrameError(`unknown frame kind 0x${kind.toString(16)}; this page may be out of date, reload it`);
}
