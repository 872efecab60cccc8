// LearnerCard: one learner on the dashboard: lesson and step, time on it, recent failed checks, stuck flags, watch and end buttons.
'use client';

import type { StuckFlag, WorkshopLearner, WorkshopSession } from '../../core/protocol';
import { formatDuration } from './use-now';

type Props = {
  learner: WorkshopLearner;
  now: number;
  watching: string | null;
  onWatch: (session: WorkshopSession, terminal: { terminalId: string; name: string }) => void;
  onEnd: (session: WorkshopSession) => void;
};

const STUCK_LABEL: Record<StuckFlag, string> = { slow: 'over 10 min on this step', failing: '3 failed checks in a row' };

export function LearnerCard({ learner, now, watching, onWatch, onEnd }: Props) {
  const session = learner.sessions[0] ?? null;
  const stuck = session !== null && session.stuck.length > 0;
  return (
    <li
      data-testid="learner-card"
      data-learner={learner.learnerId}
      data-stuck={stuck}
      className={`rounded-lg border bg-surface px-4 py-3 shadow-sm ${stuck ? 'border-amber-400 ring-1 ring-amber-300' : 'border-line'}`}
    >
      <div className="flex items-center gap-2">
        <span aria-hidden className={`size-2 rounded-full ${learner.online ? 'bg-emerald-500' : 'bg-stone-300'}`} />
        <span className="shrink-0 whitespace-nowrap font-semibold text-ink">{learner.name}</span>
        <span className="sr-only">{learner.online ? 'online' : 'offline'}</span>
        {session && <span className="min-w-0 truncate text-sm text-muted">· {session.lessonTitle}</span>}
        {session && (
          <button
            type="button"
            onClick={() => onEnd(session)}
            className="ml-auto shrink-0 rounded px-2 py-0.5 text-xs text-rose-700 hover:bg-rose-50"
          >
            End session
          </button>
        )}
      </div>
      {session ? <SessionLine session={session} now={now} watching={watching} onWatch={onWatch} /> : <p className="mt-1 text-sm text-muted">Joined; no lesson open yet.</p>}
    </li>
  );
}

function SessionLine({ session, now, watching, onWatch }: { session: WorkshopSession; now: number; watching: string | null; onWatch: Props['onWatch'] }) {
  const done = session.stepId === null;
  const percent = Math.round((session.passedCount / Math.max(1, session.stepCount)) * 100);
  return (
    <div className="mt-1.5 space-y-1.5">
      <div className="flex items-center gap-3 text-sm">
        <span data-testid="learner-step" className="min-w-0 flex-1 truncate text-ink-soft">
          {done ? 'Lesson complete' : `Step ${session.stepNumber}/${session.stepCount}: ${session.stepTitle}`}
        </span>
        {!done && <span className="shrink-0 font-mono text-xs text-muted" title="time on this step">{formatDuration(now - session.stepStartedAt)}</span>}
      </div>
      <div aria-hidden className="h-1.5 overflow-hidden rounded-full bg-paper">
        <div className={`h-full rounded-full ${done ? 'bg-emerald-500' : 'bg-accent'}`} style={{ width: `${percent}%` }} />
      </div>
      {session.stuck.map((flag) => (
        <p key={flag} data-testid="stuck-flag" className="inline-block mr-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
          Stuck: {STUCK_LABEL[flag]}
        </p>
      ))}
      {session.failures.slice(0, 2).map((f) => (
        <p key={`${f.at}-${f.stepId}`} data-testid="failed-check" className="line-clamp-2 text-xs text-rose-800" title={f.reason}>
          ✗ {f.stepTitle}: {f.reason}
        </p>
      ))}
      <div className="flex flex-wrap gap-1.5 pt-0.5">
        {session.terminals.map((t) => (
          <button
            key={t.terminalId}
            type="button"
            data-testid="watch-terminal"
            aria-pressed={watching === t.terminalId}
            onClick={() => onWatch(session, t)}
            className={`rounded-md border px-2 py-0.5 text-xs ${watching === t.terminalId ? 'border-accent bg-accent-soft text-accent-strong' : 'border-line text-ink-soft hover:border-accent hover:text-accent'}`}
          >
            Watch {t.title}
          </button>
        ))}
      </div>
    </div>
  );
}
