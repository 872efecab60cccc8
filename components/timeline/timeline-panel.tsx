// TimelinePanel: the namespace-related system calls of the learner's commands as they happen, newest first, beside the namespace map.
'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { matchesWatch } from '../../core/lesson/watch';
import { goneLine } from './map-focus';
import { TimelineEntryRow } from './timeline-entry-row';
import { useTimelineFocus } from './timeline-focus';
import { useTimeline } from './use-timeline';

type Props = {
  /** The call the current step points at (its `watch`), if any. */
  watch: string | null;
};

export function TimelinePanel({ watch }: Props) {
  const timeline = useTimeline();
  const focus = useTimelineFocus();
  const [tabSeq, setTabSeq] = useState<number | null>(null);
  const buttons = useRef(new Map<number, HTMLButtonElement>());
  const newestFirst = timeline ? [...timeline.entries].reverse() : [];
  const picked = focus?.entry?.seq ?? null;
  const mapFocus = focus?.mapFocus?.seq === picked ? focus.mapFocus : null;
  const mapNote = mapFocus ? goneLine(mapFocus) : null;
  const tabStop = newestFirst.some((e) => e.seq === tabSeq) ? tabSeq : (newestFirst[0]?.seq ?? null);

  // Another session (a reset, a new lesson) has other processes: what was picked is gone.
  const sessionId = timeline?.sessionId ?? null;
  const setEntry = focus?.setEntry;
  useEffect(() => setEntry?.(null), [sessionId, setEntry]);

  const onKeyDown = (index: number) => (e: KeyboardEvent<HTMLButtonElement>) => {
    const to = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: newestFirst.length - 1 }[e.key];
    if (to === undefined || to < 0 || to >= newestFirst.length) return;
    e.preventDefault();
    const seq = newestFirst[to]!.seq;
    setTabSeq(seq);
    buttons.current.get(seq)?.focus();
  };

  const status = !timeline
    ? 'Waiting for the sandbox…'
    : timeline.tracing.state === 'unavailable'
      ? `System calls cannot be traced here: ${timeline.tracing.why}.`
      : timeline.tracing.state === 'starting'
        ? 'Starting the tracer…'
        : null;
  const watchedSeen = watch !== null && newestFirst.some((e) => matchesWatch(watch, e));

  return (
    <section aria-label="System call timeline" data-testid="syscall-timeline" className="on-dark flex h-full min-h-0 flex-col bg-term text-term-text">
      <header className="flex shrink-0 flex-wrap items-baseline gap-x-2 border-b border-term-line px-3 py-2">
        <h2 className="text-sm font-semibold">System calls</h2>
        <span className="text-xs text-term-muted">newest first</span>
        {watch ? (
          <p className="w-full text-xs text-amber-300" data-testid="timeline-watch">
            Watch for <code className="font-mono">{watch}</code>
            {watchedSeen ? ' — there it is, marked below.' : ' in this step.'}
          </p>
        ) : null}
      </header>
      {status ? (
        <p className="px-3 py-2 text-xs text-term-muted" data-testid="timeline-status">
          {status}
        </p>
      ) : null}
      {timeline && timeline.tracing.state !== 'unavailable' && newestFirst.length === 0 && !status ? (
        <p className="px-3 py-2 text-xs text-term-muted">
          No namespace calls yet: try <code className="font-mono">unshare --uts true</code>.
        </p>
      ) : null}
      <p role="status" aria-live="polite" className="sr-only">
        {newestFirst[0] ? `${newestFirst[0].text} ${newestFirst[0].result.ok ? 'succeeded' : `failed with ${newestFirst[0].result.errno}`}` : ''}
      </p>
      <ol className="min-h-0 flex-1 overflow-auto" aria-label="Calls, newest first">
        {newestFirst.map((entry, i) => (
          <TimelineEntryRow
            key={entry.seq}
            entry={entry}
            selected={picked === entry.seq}
            watched={watch !== null && matchesWatch(watch, entry)}
            mapNote={picked === entry.seq ? mapNote : null}
            tabStop={tabStop === entry.seq}
            buttonRef={(el) => {
              if (el) buttons.current.set(entry.seq, el);
              else buttons.current.delete(entry.seq);
            }}
            onPick={() => {
              setTabSeq(entry.seq);
              focus?.setEntry(picked === entry.seq ? null : entry);
            }}
            onKeyDown={onKeyDown(i)}
          />
        ))}
      </ol>
    </section>
  );
}
