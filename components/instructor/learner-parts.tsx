// Pieces shared by the dashboard's compact table and its cards: a learner's name with the online dot, their state, and the watch buttons.
'use client';

import type { WorkshopLearner, WorkshopSession } from '../../core/protocol';
import { STATE_LABEL, type LearnerState } from './room';

export type WatchHandler = (session: WorkshopSession, terminal: { terminalId: string; label: string }) => void;

/** The dot never shrinks; a long name ends in an ellipsis, whole in its tooltip. */
export function OnlineName({ learner }: { learner: WorkshopLearner }) {
  return (
    <span className="flex min-w-0 items-center gap-2">
      <span aria-hidden className={`size-2 shrink-0 rounded-full ${learner.online ? 'bg-emerald-500' : 'bg-stone-300'}`} />
      <span data-testid="learner-name" title={learner.name} className="min-w-0 truncate font-semibold text-ink">
        {learner.name}
      </span>
      <span className="sr-only">{learner.online ? '(online)' : '(offline)'}</span>
    </span>
  );
}

const STATE_STYLE: Record<LearnerState, string> = {
  stuck: 'bg-amber-100 text-amber-900',
  working: 'bg-accent-soft text-accent-strong',
  idle: 'bg-paper text-muted',
  done: 'bg-emerald-50 text-emerald-800',
  offline: 'bg-paper text-muted',
};

export function StateBadge({ state }: { state: LearnerState }) {
  return <span className={`inline-block whitespace-nowrap rounded px-1.5 py-px text-xs font-medium ${STATE_STYLE[state]}`}>{STATE_LABEL[state]}</span>;
}

/** Terminals by the titles learners see on their tabs ("Terminal 1", or a lesson's own such as "Host"). */
export function WatchButtons({ session, watching, onWatch, compact = false }: { session: WorkshopSession; watching: string | null; onWatch: WatchHandler; compact?: boolean }) {
  return (
    <>
      {session.terminals.map((t) => {
        const label = t.title;
        return (
          <button
            key={t.terminalId}
            type="button"
            data-testid="watch-terminal"
            aria-pressed={watching === t.terminalId}
            title={`Watch ${label}, read-only`}
            onClick={() => onWatch(session, { terminalId: t.terminalId, label })}
            className={`shrink-0 whitespace-nowrap rounded-md border px-1.5 py-px text-xs ${watching === t.terminalId ? 'border-accent bg-accent-soft text-accent-strong' : 'border-line text-ink-soft hover:border-accent hover:text-accent'}`}
          >
            {compact ? label : `Watch ${label}`}
          </button>
        );
      })}
    </>
  );
}
