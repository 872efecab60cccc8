// QuietTimer: fires once after a quiet period, however many pokes came before it; cancel forgets it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuietTimer } from './quiet-timer';

describe('QuietTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires once, quietMs after the last poke', () => {
    let fired = 0;
    const quiet = new QuietTimer(100, () => fired++);
    quiet.poke();
    for (let i = 0; i < 9; i++) {
      vi.advanceTimersByTime(50);
      quiet.poke();
    }
    expect(fired).toBe(0);
    vi.advanceTimersByTime(99);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
    expect(quiet.isPending).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(fired).toBe(1);
  });

  it('keeps one timer however many pokes come', () => {
    const quiet = new QuietTimer(100, () => {});
    const before = vi.getTimerCount();
    for (let i = 0; i < 1000; i++) quiet.poke();
    expect(vi.getTimerCount() - before).toBe(1);
    quiet.cancel();
  });

  it('forgets a pending fire on cancel, and can be poked again', () => {
    let fired = 0;
    const quiet = new QuietTimer(100, () => fired++);
    quiet.poke();
    quiet.cancel();
    vi.advanceTimersByTime(500);
    expect(fired).toBe(0);
    quiet.poke();
    vi.advanceTimersByTime(100);
    expect(fired).toBe(1);
  });
});
