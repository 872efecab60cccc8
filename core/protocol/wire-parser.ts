// socket.io's packet parser with one addition: terminal output travels as a single binary WebSocket frame.
//
// socket.io's own parser sends an event that carries binary as two frames: a text frame with the
// event and a placeholder, then the bytes. Terminal output is the hot path (every echoed keystroke,
// every chunk of a flood), and the second frame is a second socket write on the server and a second
// message to decode in the page. Here `terminal:output` is one binary frame:
//
//   byte 0      OUTPUT_FRAME_TAG
//   bytes 1-8   seq, float64 little-endian (a byte count, exact below 2^53)
//   byte 9      length n of the terminal id (ASCII, 1-64 characters)
//   bytes 10-   the terminal id, then the output bytes
//
// Every other packet is encoded and decoded by socket.io's parser unchanged. Both ends must use
// this parser (server option and client option `parser`); PROTOCOL_VERSION says which encoding a
// page speaks.
import * as base from 'socket.io-parser';
import { PUSH, type TerminalOutput } from './index';

/** First byte of a terminal-output frame; socket.io's own binary frames are attachments and never start a packet. */
export const OUTPUT_FRAME_TAG = 0xb1;
const HEADER_BYTES = 1 + 8 + 1;
const MAX_ID_BYTES = 64;

type Packet = base.Packet;

/**
 * Frames are built on the server, in Node, where Buffer.allocUnsafe takes small ones from a shared
 * pool and skips zero-filling (every byte is written below); elsewhere a plain Uint8Array.
 */
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafe(size: number): Uint8Array } }).Buffer;
const allocate = (size: number): Uint8Array => (NodeBuffer ? NodeBuffer.allocUnsafe(size) : new Uint8Array(size));

export function encodeOutputFrame({ terminalId, seq, data }: TerminalOutput): Uint8Array {
  const idLength = terminalId.length;
  if (idLength === 0 || idLength > MAX_ID_BYTES) throw new Error(`terminal id of ${idLength} characters cannot be framed`);
  const frame = allocate(HEADER_BYTES + idLength + data.byteLength);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  frame[0] = OUTPUT_FRAME_TAG;
  view.setFloat64(1, seq, true);
  frame[9] = idLength;
  // Ids are letters, digits, _ and - (the contract's Id), so one byte per character.
  for (let i = 0; i < idLength; i++) frame[HEADER_BYTES + i] = terminalId.charCodeAt(i);
  frame.set(data, HEADER_BYTES + idLength);
  return frame;
}

/** Reads a terminal-output frame; `data` is a view into the frame, not a copy. Throws on a malformed frame. */
export function decodeOutputFrame(frame: Uint8Array): TerminalOutput {
  if (frame.byteLength < HEADER_BYTES || frame[0] !== OUTPUT_FRAME_TAG) throw new Error('malformed terminal output frame');
  const idLength = frame[9]!;
  if (idLength === 0 || idLength > MAX_ID_BYTES || frame.byteLength < HEADER_BYTES + idLength) throw new Error('malformed terminal output frame');
  const seq = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getFloat64(1, true);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error('malformed terminal output frame');
  const terminalId = String.fromCharCode(...frame.subarray(HEADER_BYTES, HEADER_BYTES + idLength));
  return { terminalId, seq, data: frame.subarray(HEADER_BYTES + idLength) };
}

const isOutputEvent = (packet: Packet): boolean =>
  packet.type === base.PacketType.EVENT && packet.nsp === '/' && packet.id === undefined && Array.isArray(packet.data) && packet.data.length === 2 && packet.data[0] === PUSH.terminalOutput;

/** In Node a binary frame arrives as a Buffer (a Uint8Array); in a browser as an ArrayBuffer. */
const asBytes = (chunk: unknown): Uint8Array | null => (chunk instanceof Uint8Array ? chunk : chunk instanceof ArrayBuffer ? new Uint8Array(chunk) : null);

export class Encoder extends base.Encoder {
  override encode(packet: Packet): unknown[] {
    if (isOutputEvent(packet)) return [encodeOutputFrame((packet.data as [string, TerminalOutput])[1])];
    return super.encode(packet);
  }
}

export class Decoder extends base.Decoder {
  /** Binary frames still owed to a packet socket.io's parser is reassembling (its attachments). */
  private attachmentsDue = 0;

  override add(chunk: unknown): void {
    if (typeof chunk === 'string') {
      // A binary event or ack ("51-[...]"): its attachments follow as binary frames.
      const binary = /^[56](\d+)-/.exec(chunk);
      this.attachmentsDue = binary ? Number(binary[1]) : 0;
      return super.add(chunk);
    }
    const bytes = asBytes(chunk);
    if (this.attachmentsDue === 0 && bytes && bytes[0] === OUTPUT_FRAME_TAG) {
      const packet: Packet = { type: base.PacketType.EVENT, nsp: '/', data: [PUSH.terminalOutput, decodeOutputFrame(bytes)] };
      this.emitReserved('decoded', packet);
      return;
    }
    if (this.attachmentsDue > 0) this.attachmentsDue--;
    super.add(chunk);
  }
}

/** What socket.io's `parser` option takes, on the server and in every client. */
export const wireParser = { protocol: base.protocol, PacketType: base.PacketType, Encoder, Decoder };
