// The screen mirror: exact screens, a faithful screen after a flood larger than its backlog, and no parsing nobody needs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReplayBuffer } from './replay-buffer';
import { MIRROR_BACKLOG_BYTES, MIRROR_EAGER_BYTES, MIRROR_QUIET_MS, ScreenMirror, type MirrorSource } from './screen-mirror';

const text = (s: string) => Buffer.from(s);

/** A replay buffer as the mirror's source, counting how often the mirror reads it. */
function countedSource() {
  const replay = new ReplayBuffer();
  const reads = { since: 0, tail: 0 };
  const source: MirrorSource = {
    get end() {
      return replay.end;
    },
    since: (seq) => (reads.since++, replay.since(seq)),
    tail: () => (reads.tail++, replay.tail()),
  };
  return { replay, reads, source };
}

/** Adds output as a terminal does: into the replay buffer, then tells the mirror. */
const output = (replay: ReplayBuffer, mirror: ScreenMirror, chunk: Uint8Array) => {
  replay.append(chunk);
  mirror.outputAdded();
};

/**
 * The screen as a page would get it. The quiet period runs on fake timers; xterm parses on a
 * timer of its own, so those run until the snapshot is done.
 */
async function snapshot(mirror: ScreenMirror): Promise<string> {
  const screen = mirror.snapshot();
  await vi.runAllTimersAsync();
  return screen;
}

describe('ScreenMirror', () => {
  // The quiet period is the behaviour under test: time moves when the test says so.
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('serializes what was written, colours and alternate screen included', async () => {
    const replay = new ReplayBuffer();
    const mirror = new ScreenMirror(40, 5, replay);
    for (const chunk of ['hello \x1b[31mred\x1b[0m\r\n', 'line2\r\n', '\x1b[?1049h', 'on the alternate screen'].map(text)) output(replay, mirror, chunk);
    const screen = await snapshot(mirror);
    expect(screen).toContain('hello');
    expect(screen).toContain('\x1b[31mred');
    expect(screen).toContain('on the alternate screen');
    expect(screen).toContain('\x1b[?1049h');
    mirror.dispose();
  });

  it('parses a little output only when the screen is asked for, and a lot once the terminal is quiet', async () => {
    const { replay, reads, source } = countedSource();
    const mirror = new ScreenMirror(40, 5, source);
    output(replay, mirror, text('root@lab:~# '));
    vi.advanceTimersByTime(MIRROR_QUIET_MS * 10);
    expect(reads.since).toBe(0);
    expect(await snapshot(mirror)).toContain('root@lab:~#');
    expect(reads.since).toBe(1);

    output(replay, mirror, text('z'.repeat(MIRROR_EAGER_BYTES)));
    vi.advanceTimersByTime(MIRROR_QUIET_MS - 1);
    expect(reads.since).toBe(1);
    vi.advanceTimersByTime(1);
    expect(reads.since).toBe(2);
    // Nothing new since: the next snapshot parses nothing more.
    expect(await snapshot(mirror)).toContain('zzzz');
    expect(reads.since).toBe(2);
    mirror.dispose();
  });

  it('rebuilds from the replay tail after a flood larger than its backlog', async () => {
    const replay = new ReplayBuffer();
    const mirror = new ScreenMirror(40, 5, replay);
    const chunk = text(('y'.repeat(39) + '\r\n').repeat(1000));
    for (let written = 0; written <= MIRROR_BACKLOG_BYTES; written += chunk.byteLength) output(replay, mirror, chunk);
    output(replay, mirror, text('the end\r\n'));
    const screen = await snapshot(mirror);
    expect(screen).toContain('the end');
    expect(screen).toContain('y'.repeat(39));
    mirror.dispose();
  });

  it('after a flood larger than its backlog, parses nothing until the screen is asked for', async () => {
    const { replay, reads, source } = countedSource();
    const mirror = new ScreenMirror(40, 5, source);
    const chunk = text('x'.repeat(64 * 1024));
    for (let written = 0; written <= MIRROR_BACKLOG_BYTES * 2; written += chunk.byteLength) output(replay, mirror, chunk);
    mirror.resize(50, 6);
    vi.advanceTimersByTime(MIRROR_QUIET_MS * 10);
    expect(reads).toEqual({ since: 0, tail: 0 });
    const screen = await snapshot(mirror);
    expect(reads.tail).toBe(1);
    expect(screen).toContain('x'.repeat(50));
    mirror.dispose();
  });
});
