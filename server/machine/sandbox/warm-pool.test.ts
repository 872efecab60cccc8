// Unit tests of the warm pool's bookkeeping: fills to its size one launch at a time, skips dead items, stops when launches fail, disposes everything.
import { describe, expect, it } from 'vitest';
import { WarmPool } from './warm-pool';

type Item = { n: number; alive: boolean };

/** A pool of numbered items whose launches finish when the test says so (or at once). */
function pool(size: number, options: { capacity?: number; manual?: boolean } = {}) {
  let made = 0;
  let running = 0;
  let mostAtOnce = 0;
  const discarded: number[] = [];
  const pending: (() => void)[] = [];
  const p = new WarmPool<Item>(size, {
    launch: async () => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      if (options.manual) await new Promise<void>((resolve) => pending.push(resolve));
      running--;
      if (made >= (options.capacity ?? Infinity)) return undefined;
      return { n: made++, alive: true };
    },
    usable: (item) => item.alive,
    discard: async (item) => void discarded.push(item.n),
  });
  return { p, discarded, pending, made: () => made, mostAtOnce: () => mostAtOnce };
}

describe('WarmPool', () => {
  it('fills to its size, one launch at a time, and hands items out in order', async () => {
    const { p, mostAtOnce } = pool(3);
    p.fill();
    p.fill();
    await p.settled();
    expect(p.readyCount).toBe(3);
    expect(mostAtOnce()).toBe(1);
    expect(p.take()?.n).toBe(0);
    expect(p.readyCount).toBe(2);
    p.fill();
    await p.settled();
    expect(p.readyCount).toBe(3);
  });

  it('does nothing with size 0', async () => {
    const { p, made } = pool(0);
    p.fill();
    await p.settled();
    expect(p.take()).toBeUndefined();
    expect(made()).toBe(0);
  });

  it('discards a dead item on take and returns the next live one', async () => {
    const items: Item[] = [];
    const discarded: number[] = [];
    let n = 0;
    const p = new WarmPool<Item>(2, {
      launch: async () => {
        const item = { n: n++, alive: true };
        items.push(item);
        return item;
      },
      usable: (item) => item.alive,
      discard: async (item) => void discarded.push(item.n),
    });
    p.fill();
    await p.settled();
    items[0]!.alive = false;
    expect(p.take()?.n).toBe(1);
    expect(discarded).toEqual([0]);
  });

  it('stops refilling when a launch makes nothing, and tries again on the next fill', async () => {
    const { p, made } = pool(3, { capacity: 1 });
    p.fill();
    await p.settled();
    expect(p.readyCount).toBe(1);
    expect(p.busy).toBe(false);
    p.fill();
    await p.settled();
    expect(made()).toBe(1);
  });

  it('dispose waits for the launch in progress and discards everything', async () => {
    const { p, discarded, pending } = pool(2, { manual: true });
    p.fill();
    await new Promise((r) => setImmediate(r));
    pending.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(p.readyCount).toBe(1);
    const disposed = p.dispose();
    pending.shift()!();
    await disposed;
    expect(discarded.sort()).toEqual([0, 1]);
    expect(p.readyCount).toBe(0);
    p.fill();
    expect(p.busy).toBe(false);
    await p.dispose();
  });
});
