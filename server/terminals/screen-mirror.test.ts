// The screen mirror: exact screens after quiet output, and a faithful screen after a flood larger than its backlog.
import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay-buffer';
import { MIRROR_BACKLOG_BYTES, MIRROR_QUIET_MS, ScreenMirror } from './screen-mirror';

const text = (s: string) => Buffer.from(s);

describe('ScreenMirror', () => {
  it('serializes what was written, colours and alternate screen included', async () => {
    const replay = new ReplayBuffer();
    const mirror = new ScreenMirror(40, 5, () => replay.tail());
    for (const chunk of ['hello \x1b[31mred\x1b[0m\r\n', 'line2\r\n'].map(text)) {
      replay.append(chunk);
      mirror.write(chunk);
    }
    const screen = await mirror.snapshot();
    expect(screen).toContain('hello');
    expect(screen).toContain('\x1b[31mred');
    expect(screen).toContain('line2');
    mirror.dispose();
  });

  it('rebuilds from the replay tail after a flood larger than its backlog', async () => {
    const replay = new ReplayBuffer();
    const mirror = new ScreenMirror(40, 5, () => replay.tail());
    const line = 'y'.repeat(39) + '\r\n';
    const chunk = text(line.repeat(1000));
    for (let written = 0; written <= MIRROR_BACKLOG_BYTES; written += chunk.byteLength) {
      replay.append(chunk);
      mirror.write(chunk);
    }
    const last = text('the end\r\n');
    replay.append(last);
    mirror.write(last);
    const screen = await mirror.snapshot();
    expect(screen).toContain('the end');
    expect(screen).toContain('y'.repeat(39));
    mirror.dispose();
  });

  it('after a flood larger than its backlog, parses nothing until the screen is asked for', async () => {
    const replay = new ReplayBuffer();
    let tails = 0;
    const mirror = new ScreenMirror(40, 5, () => {
      tails++;
      return replay.tail();
    });
    const chunk = text('x'.repeat(64 * 1024));
    for (let written = 0; written <= MIRROR_BACKLOG_BYTES * 2; written += chunk.byteLength) {
      replay.append(chunk);
      mirror.write(chunk);
    }
    mirror.resize(50, 6);
    await new Promise((r) => setTimeout(r, MIRROR_QUIET_MS * 2));
    expect(tails).toBe(0);
    const screen = await mirror.snapshot();
    expect(tails).toBe(1);
    expect(screen).toContain('x'.repeat(50));
    mirror.dispose();
  });
});
