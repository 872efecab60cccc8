// The replay buffer returns exactly the bytes after a sequence number, or null once they are gone.
import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay-buffer';

const bytes = (s: string) => Buffer.from(s);

describe('ReplayBuffer', () => {
  it('replays from any point, mid-chunk too', () => {
    const r = new ReplayBuffer(100);
    expect(r.append(bytes('hello '))).toBe(6);
    expect(r.append(bytes('world'))).toBe(11);
    expect(Buffer.from(r.since(0)!).toString()).toBe('hello world');
    expect(Buffer.from(r.since(3)!).toString()).toBe('lo world');
    expect(Buffer.from(r.since(11)!).toString()).toBe('');
    expect(r.since(12)).toBeNull();
  });

  it('keeps exactly the last bytes of its capacity', () => {
    const r = new ReplayBuffer(10);
    r.append(bytes('aaaaaaaa'));
    r.append(bytes('bbbbbbbb'));
    r.append(bytes('cccccccc'));
    expect(r.since(0)).toBeNull();
    expect(r.since(13)).toBeNull();
    expect(Buffer.from(r.since(14)!).toString()).toBe('bbcccccccc');
    expect(Buffer.from(r.tail()).toString()).toBe('bbcccccccc');
    // A chunk larger than the whole capacity leaves its own end.
    r.append(bytes('0123456789abcdef'));
    expect(Buffer.from(r.tail()).toString()).toBe('6789abcdef');
    expect(r.end).toBe(40);
  });

  it('grows from small to its capacity without losing or reordering a byte', () => {
    const capacity = 100_000;
    const r = new ReplayBuffer(capacity);
    let all = '';
    for (let i = 0; all.length < 400_000; i++) {
      const chunk = String.fromCharCode(97 + (i % 26)).repeat(1 + ((i * 7919) % 5000));
      r.append(bytes(chunk));
      all += chunk;
      if (i % 17 === 0) {
        const from = Math.max(0, all.length - capacity) + ((i * 31) % 1000);
        expect(Buffer.from(r.since(Math.min(from, all.length))!).toString()).toBe(all.slice(Math.min(from, all.length)));
      }
    }
    expect(Buffer.from(r.tail()).toString()).toBe(all.slice(-capacity));
    expect(r.since(all.length - capacity - 1)).toBeNull();
  });
});
