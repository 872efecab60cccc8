// The terminal stream's frames: every kind reads back exactly, and a malformed frame is refused with a reason.
import { describe, expect, it } from 'vitest';
import {
  MAX_INPUT_BYTES,
  StreamFrameError,
  StreamFrameKind,
  decodePageFrame,
  decodeServerFrame,
  encodeAck,
  encodeExit,
  encodeInput,
  encodeInputText,
  encodeOutput,
  frameBytes,
} from './terminal-stream';

/** As a browser receives a binary message: an ArrayBuffer of exactly the frame. */
const asArrayBuffer = (frame: Uint8Array): ArrayBuffer => frame.slice().buffer;

describe('terminal stream frames', () => {
  it('carries output with its seq exactly, from a Node Buffer or a browser ArrayBuffer', () => {
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 13) % 256);
    const frame = encodeOutput('term_A-1', 2 ** 40 + 7, data);
    expect(frame[0]).toBe(StreamFrameKind.output);
    for (const received of [frame, asArrayBuffer(frame)]) {
      const decoded = decodeServerFrame(frameBytes(received)!);
      expect(decoded).toMatchObject({ kind: 'output', terminalId: 'term_A-1', seq: 2 ** 40 + 7 });
      expect(Buffer.from((decoded as { data: Uint8Array }).data).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('carries an exit with its code and signal (none as null)', () => {
    expect(decodeServerFrame(encodeExit('t1', 130, null))).toEqual({ kind: 'exit', terminalId: 't1', exitCode: 130, signal: null });
    expect(decodeServerFrame(encodeExit('t1', 0, 9))).toEqual({ kind: 'exit', terminalId: 't1', exitCode: 0, signal: 9 });
  });

  it('carries keystrokes as UTF-8, multi-byte characters included, and acks as counts', () => {
    const text = 'ls -l ✓ 𝄞 \r';
    const fromText = decodePageFrame(encodeInputText('shell-1', text));
    expect(fromText.kind).toBe('input');
    expect(Buffer.from((fromText as { data: Uint8Array }).data).toString('utf8')).toBe(text);
    const fromBytes = decodePageFrame(encodeInput('shell-1', Buffer.from('echo hi\r')));
    expect(Buffer.from((fromBytes as { data: Uint8Array }).data).toString('utf8')).toBe('echo hi\r');
    expect(decodePageFrame(encodeAck('shell-1', 32 * 1024))).toEqual({ kind: 'ack', terminalId: 'shell-1', bytes: 32 * 1024 });
  });

  it('reads every terminal id right, also ids whose bytes hash alike and more ids than it keeps', () => {
    // "Aa" and "BB" hash alike (65·31 + 97 = 66·31 + 66): the second must not come back as the first.
    for (const id of ['Aa', 'BB', 'Aa', 'BB']) expect(decodePageFrame(encodeAck(id, 1)).terminalId).toBe(id);
    for (let i = 0; i < 5000; i++) {
      const id = `term-${i.toString(36)}`;
      expect(decodePageFrame(encodeInputText(id, 'x')).terminalId).toBe(id);
    }
    expect(decodePageFrame(encodeAck('term-0', 2 ** 32 - 1))).toEqual({ kind: 'ack', terminalId: 'term-0', bytes: 2 ** 32 - 1 });
  });

  it('refuses malformed frames with a reason', () => {
    const refusals: [string, Uint8Array][] = [
      ['too short', Uint8Array.of(StreamFrameKind.input, 1)],
      ['id longer than the frame', Uint8Array.of(StreamFrameKind.input, 9, 65)],
      ['empty id', Uint8Array.of(StreamFrameKind.input, 0, 65)],
      ['bad id characters', Uint8Array.of(StreamFrameKind.input, 2, 65, 0x2f, 65)],
      ['unknown kind', Uint8Array.of(0x7f, 1, 65)],
      ['a server frame sent by a page', encodeOutput('t', 1, Uint8Array.of(65))],
      ['ack of the wrong size', Uint8Array.of(StreamFrameKind.ack, 1, 65, 1, 2)],
      ['input over the limit', encodeInputUnchecked('t', MAX_INPUT_BYTES + 1)],
    ];
    for (const [what, frame] of refusals) {
      expect(() => decodePageFrame(frame), what).toThrow(StreamFrameError);
    }
    expect(() => decodeServerFrame(encodeAck('t', 1))).toThrow(/unknown frame kind/);
    expect(() => decodeServerFrame(Uint8Array.of(StreamFrameKind.output, 1, 65, 1, 2))).toThrow(/no seq/);
    expect(() => encodeInput('t', new Uint8Array(MAX_INPUT_BYTES + 1))).toThrow(StreamFrameError);
    expect(() => encodeOutput('', 0, new Uint8Array())).toThrow(StreamFrameError);
  });
});

/** An input frame with a body of `bytes` bytes, built by hand (the encoder refuses to make one over the limit). */
function encodeInputUnchecked(terminalId: string, bytes: number): Uint8Array {
  const frame = new Uint8Array(2 + terminalId.length + bytes);
  frame[0] = StreamFrameKind.input;
  frame[1] = terminalId.length;
  frame.set(Buffer.from(terminalId), 2);
  return frame;
}
