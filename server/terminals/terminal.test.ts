// A terminal over a scripted pty: a flood arrives intact at the page and a watcher, and the pty pauses when nobody acknowledges.
import type { IPty } from 'node-pty';
import { describe, expect, it } from 'vitest';
import { HIGH_WATERMARK_BYTES } from '../../core/flow-control';
import { waitUntil } from '../../test/support/wait';
import { Terminal, type TerminalSink } from './terminal';

/** A pty whose output the test pushes; it records pause/resume like node-pty's flow control. */
class FakePty {
  paused = false;
  pid = 4242;
  private dataListener: ((d: Buffer) => void) | null = null;
  onData(listener: (d: Buffer) => void) {
    this.dataListener = listener;
    return { dispose: () => (this.dataListener = null) };
  }
  onExit() {
    return { dispose: () => undefined };
  }
  emit(d: Buffer) {
    this.dataListener?.(d);
  }
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  write() {}
  resize() {}
  kills: string[] = [];
  kill(signal: string) {
    // Listeners still attached when the shell is killed would hear its death as the learner's exit.
    this.kills.push(`${signal}${this.dataListener ? ' while listened to' : ''}`);
  }
}

const tick = () => new Promise((r) => setImmediate(r));

/** `n` pty reads of 4 KiB, each filled with its own number so any overwrite shows. */
const reads = (n: number) => Array.from({ length: n }, (_, i) => Buffer.alloc(4096, i % 251));

describe('Terminal output', () => {
  it('a flood arrives at the page and a watcher exactly as the pty printed it', async () => {
    const pty = new FakePty();
    const terminal = new Terminal('t1', 'one', pty as unknown as IPty, { cols: 80, rows: 24 });
    const page: Buffer[] = [];
    const sink: TerminalSink = {
      // A page consumes a message before it acknowledges it: keep a copy, then ack.
      output: (data) => {
        page.push(Buffer.from(data));
        setImmediate(() => terminal.acknowledge(data.byteLength));
      },
      exit: () => undefined,
      detached: () => undefined,
    };
    await terminal.attach(sink, 0);
    await tick();
    // The watcher keeps what it was given, as a socket with a slow reader would.
    const watched: Buffer[] = [];
    await terminal.watch({ output: (data) => watched.push(data), exit: () => undefined });
    await tick();
    const all = reads(1500); // about 6 MiB
    const expected = Buffer.concat(all);
    const received = (got: Buffer[]) => got.reduce((n, b) => n + b.byteLength, 0);
    for (let i = 0; i < all.length;) {
      if (pty.paused) {
        // A paused pty is read no more: go on once the page's acknowledgements resumed it.
        await waitUntil(
          () => !pty.paused,
          () => `the pty to resume after ${received(page)} bytes reached the page`,
        );
        continue;
      }
      // Several reads per turn, as a pty does while streaming; the next turn sends them and acknowledges.
      for (let k = 0; k < 40 && i < all.length; k++, i++) pty.emit(all[i]!);
      await tick();
    }
    await waitUntil(
      () => received(page) >= expected.byteLength && received(watched) >= expected.byteLength,
      () => `all ${expected.byteLength} bytes at the page (${received(page)}) and the watcher (${received(watched)})`,
    );
    expect(Buffer.concat(page).equals(expected)).toBe(true);
    expect(Buffer.concat(watched).equals(expected)).toBe(true);
    terminal.dispose();
  });

  it('pauses the pty when no page acknowledges', async () => {
    const pty = new FakePty();
    const terminal = new Terminal('t2', 'one', pty as unknown as IPty, { cols: 80, rows: 24 });
    for (const r of reads(Math.ceil(HIGH_WATERMARK_BYTES / 4096) + 40)) pty.emit(r);
    // Paused once the high watermark went out unacknowledged (the last reads are sent at the turn's end).
    await waitUntil(
      () => pty.paused,
      () => `the pty to pause; ${terminal.seq} bytes went out`,
    );
    expect(terminal.seq).toBeGreaterThanOrEqual(HIGH_WATERMARK_BYTES);
    terminal.dispose();
  });
});

describe('Terminal dispose', () => {
  it('stops listening before it kills the shell, and does both once however often it is called', async () => {
    const pty = new FakePty();
    const terminal = new Terminal('t3', 'one', pty as unknown as IPty, { cols: 80, rows: 24 });
    const page: Buffer[] = [];
    await terminal.attach({ output: (data) => page.push(data), exit: () => undefined, detached: () => undefined }, 0);
    await tick();
    terminal.dispose();
    terminal.dispose();
    expect(pty.kills).toEqual(['SIGKILL']);
    pty.emit(Buffer.from('after'));
    expect(page).toEqual([]);
    expect(terminal.isPristine).toBe(false);
  });
});
