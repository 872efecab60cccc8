// TimelineEntryRow: one system call on the timeline: the call with decoded flags, its result (an error with what it means), the process and terminal, a man page link.
'use client';

import type { KeyboardEvent, ReactNode, Ref } from 'react';
import type { TimelineEntry } from '../../core/protocol/timeline';

type Props = {
  entry: TimelineEntry;
  selected: boolean;
  /** The current step points at this call. */
  watched: boolean;
  /** While picked: one line on what the map cannot show of it (its namespaces are gone), or null. */
  mapNote: string | null;
  /** The one entry reachable with Tab (roving focus: arrow keys move between entries). */
  tabStop: boolean;
  buttonRef?: Ref<HTMLButtonElement>;
  onPick: () => void;
  onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => void;
};

/** The call with a line-break opportunity after each `|` and `,`, so long flag lists wrap between flags. */
const breakable = (text: string): ReactNode[] => text.split(/(?<=[|,])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

export function TimelineEntryRow({ entry, selected, watched, mapNote, tabStop, buttonRef, onPick, onKeyDown }: Props) {
  const r = entry.result;
  const who = [entry.comm, entry.pid !== null ? `PID ${entry.pid}` : null, entry.terminal].filter(Boolean).join(' · ');
  return (
    <li
      data-testid="timeline-entry"
      data-call={entry.call}
      data-watched={watched ? 'true' : undefined}
      className={`flex items-start gap-2 border-b border-term-line px-2 py-1.5 ${selected ? 'bg-teal-950/60' : ''} ${watched ? 'border-l-4 border-l-amber-400' : ''}`}
    >
      <button
        ref={buttonRef}
        type="button"
        tabIndex={tabStop ? 0 : -1}
        aria-pressed={selected}
        onClick={onPick}
        onKeyDown={onKeyDown}
        className="min-w-0 flex-1 rounded text-left focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-400"
      >
        <span className="block font-mono text-xs [overflow-wrap:anywhere] text-term-text">
          {breakable(entry.text)} {r.ok ? <span className="text-teal-300">= {r.value}</span> : <span className="font-semibold text-red-300">= -1 {r.errno}</span>}
        </span>
        {!r.ok ? <span className="block text-xs text-red-200">{r.meaning}</span> : null}
        <span className="block text-[11px] text-term-muted">
          {who} · {time(entry.at)}
          {watched ? <span className="ml-1 font-semibold text-amber-300">· this step’s call</span> : null}
        </span>
        {mapNote ? (
          <span className="block text-xs text-amber-200" data-testid="timeline-map-note">
            {mapNote}
          </span>
        ) : null}
      </button>
      <a
        href={entry.man}
        target="_blank"
        rel="noreferrer"
        className="shrink-0 rounded px-1 text-[11px] text-teal-300 underline hover:text-teal-200 focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-400"
        aria-label={`man page of ${entry.call === 'write' ? 'user_namespaces' : entry.call}`}
      >
        man
      </a>
    </li>
  );
}
