// The page's timeline: replays replace, live calls append once, another session starts over.
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../core/protocol/timeline';
import { applyTimelineUpdate } from './timeline-state';

const entry = (seq: number): TimelineEntry => ({
  seq,
  at: seq,
  call: 'unshare',
  text: 'unshare(CLONE_NEWUTS)',
  flags: ['CLONE_NEWUTS'],
  result: { ok: true, value: 0 },
  pid: 7,
  comm: 'unshare',
  terminal: 'Terminal 1',
  namespaces: [],
  man: 'https://man7.org/linux/man-pages/man2/unshare.2.html',
});
const ready = { state: 'ready' } as const;

describe('applyTimelineUpdate', () => {
  it('appends live calls once each, and a replay replaces them', () => {
    let s = applyTimelineUpdate(null, { sessionId: 's', replay: true, tracing: ready, entries: [entry(1)] });
    s = applyTimelineUpdate(s, { sessionId: 's', replay: false, tracing: ready, entries: [entry(2)] });
    s = applyTimelineUpdate(s, { sessionId: 's', replay: false, tracing: ready, entries: [entry(2)] });
    expect(s.entries.map((e) => e.seq)).toEqual([1, 2]);
    s = applyTimelineUpdate(s, { sessionId: 's', replay: true, tracing: ready, entries: [] });
    expect(s.entries).toEqual([]);
  });

  it('starts over for another session', () => {
    const s = applyTimelineUpdate({ sessionId: 'a', tracing: ready, entries: [entry(5)] }, { sessionId: 'b', replay: false, tracing: ready, entries: [entry(1)] });
    expect(s).toMatchObject({ sessionId: 'b', entries: [{ seq: 1 }] });
  });
});
