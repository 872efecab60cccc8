// SessionPages: a reattaching page keeps its map setting, every page hears what is emitted, and the end is the last thing they hear.
import { describe, expect, it } from 'vitest';
import { SessionPages, type SessionEvents } from './session-pages';

function page(heard: string[]): SessionEvents {
  return {
    progress: () => heard.push('progress'),
    map: () => heard.push('map'),
    idleWarning: (s) => heard.push(`idle ${s}`),
    ended: (reason) => heard.push(`ended: ${reason}`),
    explain: () => heard.push('explain'),
  };
}

describe('SessionPages', () => {
  it('keeps a page map setting when it reattaches, and forgets it when it detaches', () => {
    const pages = new SessionPages();
    pages.attach('a', page([]));
    pages.attach('b', page([]));
    pages.showsMap('a', true);
    expect(pages.mapVisible).toBe(true);
    pages.attach('a', page([]));
    expect(pages.mapVisible).toBe(true);
    pages.detach('a');
    expect(pages.mapVisible).toBe(false);
    expect(pages.isAttached).toBe(true);
  });

  it('tells every page, and ends with the reason', () => {
    const pages = new SessionPages();
    const a: string[] = [];
    const b: string[] = [];
    pages.attach('a', page(a));
    pages.attach('b', page(b));
    pages.emit((e) => e.idleWarning(30));
    pages.end('closed after 30 minutes without activity');
    pages.emit((e) => e.idleWarning(10));
    expect(a).toEqual(['idle 30', 'ended: closed after 30 minutes without activity']);
    expect(b).toEqual(a);
    expect(pages.isAttached).toBe(false);
  });
});
