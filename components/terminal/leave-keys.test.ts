import { describe, expect, it } from 'vitest';
import { createLeaveKeys, type KeyLike } from './leave-keys';

const key = (k: string, mods: Partial<KeyLike> = {}, type = 'keydown'): KeyLike => ({
  type,
  key: k,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

function setup() {
  const sent: string[] = [];
  const changes: boolean[] = [];
  const keys = createLeaveKeys(
    () => sent.push('ESC'),
    (armed) => changes.push(armed),
  );
  return { keys, sent, changes };
}

describe('leave keys', () => {
  it('lets every key through while not armed, Tab included', () => {
    const { keys, sent } = setup();
    expect(keys.handle(key('a'))).toBe(true);
    expect(keys.handle(key('Tab'))).toBe(true);
    expect(keys.handle(key('Tab', { shiftKey: true }))).toBe(true);
    expect(sent).toEqual([]);
  });

  it('Escape then Tab leaves: neither reaches the shell', () => {
    const { keys, sent, changes } = setup();
    expect(keys.handle(key('Escape'))).toBe(false);
    expect(keys.armed).toBe(true);
    expect(keys.handle(key('Escape', {}, 'keyup'))).toBe(true);
    expect(keys.handle(key('Tab'))).toBe(false);
    expect(keys.armed).toBe(false);
    expect(sent).toEqual([]);
    expect(changes).toEqual([true, false]);
  });

  it('Escape then Shift+Tab leaves backwards (Shift pressed first keeps it armed)', () => {
    const { keys, sent } = setup();
    keys.handle(key('Escape'));
    expect(keys.handle(key('Shift', { shiftKey: true }))).toBe(true);
    expect(keys.armed).toBe(true);
    expect(keys.handle(key('Tab', { shiftKey: true }))).toBe(false);
    expect(sent).toEqual([]);
  });

  it('Escape then another key sends the Escape first, then lets the key through (vim)', () => {
    const { keys, sent } = setup();
    keys.handle(key('Escape'));
    expect(sent).toEqual([]);
    expect(keys.handle(key(':'))).toBe(true);
    expect(sent).toEqual(['ESC']);
    expect(keys.armed).toBe(false);
  });

  it('a second Escape releases the first and is held itself', () => {
    const { keys, sent } = setup();
    keys.handle(key('Escape'));
    expect(keys.handle(key('Escape'))).toBe(false);
    expect(sent).toEqual(['ESC']);
    expect(keys.handle(key('Tab'))).toBe(false);
    expect(sent).toEqual(['ESC']);
  });

  it('Ctrl+Tab after Escape is not a way out: the Escape goes to the shell', () => {
    const { keys, sent } = setup();
    keys.handle(key('Escape'));
    expect(keys.handle(key('Tab', { ctrlKey: true }))).toBe(true);
    expect(sent).toEqual(['ESC']);
  });

  it('disarm forgets the held Escape without sending it', () => {
    const { keys, sent } = setup();
    keys.handle(key('Escape'));
    keys.disarm();
    expect(keys.armed).toBe(false);
    expect(keys.handle(key('a'))).toBe(true);
    expect(sent).toEqual([]);
  });
});
