// The wire parser: terminal output is one binary frame both ways; every other packet is socket.io's own encoding, attachments included.
import { PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { PUSH } from './index';
import { Decoder, Encoder, OUTPUT_FRAME_TAG, decodeOutputFrame, encodeOutputFrame } from './wire-parser';

/** Encodes `packet` and feeds every frame to a fresh decoder; returns what it decoded. */
function roundTrip(packet: Packet, asArrayBuffer = false): { frames: unknown[]; decoded: Packet[] } {
  const frames = new Encoder().encode(packet);
  const decoder = new Decoder();
  const decoded: Packet[] = [];
  decoder.on('decoded', (p: Packet) => decoded.push(p));
  for (const frame of frames) {
    if (asArrayBuffer && frame instanceof Uint8Array) decoder.add(frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength));
    else decoder.add(frame);
  }
  return { frames, decoded };
}

const output = (data: Uint8Array, seq = 2 ** 40 + 7): Packet => ({ type: PacketType.EVENT, nsp: '/', data: [PUSH.terminalOutput, { terminalId: 'term_A-1', seq, data }] });

describe('wire parser', () => {
  it('sends terminal output as one binary frame and reads it back exactly (Node Buffer and browser ArrayBuffer)', () => {
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 13) % 256);
    for (const asArrayBuffer of [false, true]) {
      const { frames, decoded } = roundTrip(output(bytes), asArrayBuffer);
      expect(frames).toHaveLength(1);
      expect((frames[0] as Uint8Array)[0]).toBe(OUTPUT_FRAME_TAG);
      expect(decoded).toHaveLength(1);
      const [event, payload] = decoded[0]!.data as [string, { terminalId: string; seq: number; data: Uint8Array }];
      expect(event).toBe(PUSH.terminalOutput);
      expect(payload.terminalId).toBe('term_A-1');
      expect(payload.seq).toBe(2 ** 40 + 7);
      expect(Buffer.from(payload.data).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('leaves every other packet to socket.io, even a binary attachment whose first byte is the output tag', () => {
    const replay = Uint8Array.from([OUTPUT_FRAME_TAG, 1, 2, 3]);
    const ack: Packet = { type: PacketType.ACK, nsp: '/', id: 12, data: [{ ok: true, value: { replay, seq: 4 } }] };
    const { frames, decoded } = roundTrip(ack);
    expect(frames).toHaveLength(2);
    expect(decoded).toHaveLength(1);
    expect(decoded[0]!.id).toBe(12);
    const value = (decoded[0]!.data as [{ value: { replay: Uint8Array; seq: number } }])[0].value;
    expect(Buffer.from(value.replay).equals(Buffer.from(replay))).toBe(true);

    const input: Packet = { type: PacketType.EVENT, nsp: '/', data: ['terminal:input', { terminalId: 't', data: 'ls\r' }] };
    expect(roundTrip(input).decoded[0]!.data).toEqual(input.data);
    // Output with an ack id is not the push: socket.io's encoding keeps the id.
    const withId = { ...output(new Uint8Array([1])), id: 3 };
    expect(roundTrip(withId).frames).toHaveLength(2);
  });

  it('refuses malformed output frames with an error (socket.io then closes that connection)', () => {
    const good = encodeOutputFrame({ terminalId: 'abc', seq: 5, data: new Uint8Array([1, 2]) });
    const malformed = [
      good.subarray(0, 5),
      Uint8Array.from([...good.subarray(0, 9), 0]),
      Uint8Array.from([...good.subarray(0, 9), 200, ...good.subarray(10)]),
      (() => {
        const bad = Uint8Array.from(good);
        new DataView(bad.buffer).setFloat64(1, -1, true);
        return bad;
      })(),
    ];
    for (const frame of malformed) {
      expect(() => decodeOutputFrame(frame)).toThrow(/malformed/);
      expect(() => new Decoder().add(frame)).toThrow(/malformed/);
    }
    expect(() => encodeOutputFrame({ terminalId: 'x'.repeat(65), seq: 0, data: new Uint8Array() })).toThrow();
  });
});
