import { describe, expect, it } from 'vitest';
import { STREAM_LOSSES_BEFORE_FALLBACK, TransportChoice, forcedBy } from './transport-choice';

describe('TransportChoice', () => {
  it('takes the direct stream until it is refused, then socket.io for good', () => {
    const choice = new TransportChoice(false);
    expect(choice.next).toBe('direct');
    choice.refused();
    expect([choice.next, choice.reason]).toEqual(['socket.io', 'refused']);
    choice.lost();
    expect([choice.next, choice.reason]).toEqual(['socket.io', 'refused']);
  });

  it('falls back after the open stream kept dropping', () => {
    const choice = new TransportChoice(false);
    for (let i = 1; i < STREAM_LOSSES_BEFORE_FALLBACK; i++) choice.lost();
    expect(choice.next).toBe('direct');
    choice.lost();
    expect([choice.next, choice.reason]).toEqual(['socket.io', 'lost']);
  });

  it('can be forced from the page URL', () => {
    expect(forcedBy('?terminal-transport=socket.io&testhooks=1')).toBe(true);
    expect(forcedBy('?terminal-transport=direct')).toBe(false);
    expect(forcedBy('')).toBe(false);
    const forced = new TransportChoice(true);
    expect([forced.next, forced.reason]).toEqual(['socket.io', 'forced']);
  });
});
