// The timeline a page holds: one session's recent calls, newest last, built from replays and live pushes.
import type { TimelineEntry, TimelineTracing, TimelineUpdate } from '../../core/protocol/timeline';

/** Entries a page keeps (the server replays at most as many). */
export const MAX_SHOWN_ENTRIES = 200;

export type TimelineState = { sessionId: string; tracing: TimelineTracing; entries: TimelineEntry[] };

/** Applies one push: a replay replaces what was held (a new page, a reset sandbox); new calls are added once each. */
export function applyTimelineUpdate(state: TimelineState | null, u: TimelineUpdate): TimelineState {
  if (u.replay || !state || state.sessionId !== u.sessionId) return { sessionId: u.sessionId, tracing: u.tracing, entries: u.entries.slice(-MAX_SHOWN_ENTRIES) };
  const last = state.entries.at(-1)?.seq ?? 0;
  const fresh = u.entries.filter((e) => e.seq > last);
  const entries = fresh.length ? [...state.entries, ...fresh].slice(-MAX_SHOWN_ENTRIES) : state.entries;
  return { sessionId: u.sessionId, tracing: u.tracing, entries };
}
