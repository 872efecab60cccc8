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

  it('forgets the oldest chunks beyond its capacity', () => {
    const r = new ReplayBuffer(10);
    r.append(bytes('aaaaaaaa'));
    r.append(bytes('bbbbbbbb'));
    r.append(bytes('cccccccc'));
    expect(r.since(0)).toBeNull();
    expect(Buffer.from(r.since(12)!).toString()).toBe('bbbbcccccccc');
  });
});
