// LearnerCard: one learner in the dashboard's card view: lesson and step (and the node holding them in a lab of many), time on it, failed checks (repeats folded), stuck flags, watch and end buttons.
'use client';

import type { StuckFlag, WorkshopLearner, WorkshopSession } from '../../core/protocol';
import { FailureText } from './failure-text';
import { OnlineName, StateBadge, WatchButtons, type WatchHandler } from './learner-parts';
import { focusSession, foldFailures, learnerState } from './room';
import { formatDuration } from './use-now';

type Props = {
  learner: WorkshopLearner;
  lesson: string | null;
  now: number;
  watching: string | null;
  onWatch: WatchHandler;
  onEnd: (session: WorkshopSession) => void;
  /** Whether the room spans several lab nodes: only then does the meta line name the node. */
  showNode: boolean;
};

const STUCK_LABEL: Record<StuckFlag, string> = { slow: 'over 10 min on this step', failing: '3 failed checks in a row' };
/** Distinct failed checks shown on a card (in entries). */
const FAILURES_ON_CARD = 2;

export function LearnerCard({ learner, lesson, now, watching, onWatch, onEnd, showNode }: Props) {
  const session = focusSession(learner, lesson);
  const state = learnerState(learner, lesson);
  return (
    <li
      data-testid="learner-card"
      data-learner={learner.learnerId}
      data-state={state}
      data-stuck={state === 'stuck'}
      className={`rounded-lg border bg-surface px-4 py-3 shadow-sm ${state === 'stuck' ? 'border-amber-400 ring-1 ring-amber-300' : 'border-line'}`}
    >
      <div className="flex min-w-0 items-center gap-2">
        <OnlineName learner={learner} />
        <StateBadge state={state} />
        {session && (
          <button type="button" onClick={() => onEnd(session)} className="ml-auto shrink-0 rounded px-2 py-0.5 text-xs text-rose-700 hover:bg-rose-50">
            End session
          </button>
        )}
      </div>
      {session && (
        <p className="mt-0.5 truncate text-xs text-muted" title={showNode && session.node ? `${session.lessonTitle} · node ${session.node}` : session.lessonTitle}>
          {session.lessonTitle}
          {showNode && session.node && (
            <>
              {' · '}
              <span data-testid="learner-node" className="font-mono">
                node {session.node}
              </span>
            </>
          )}
        </p>
      )}
      {session ? <SessionLines session={session} now={now} watching={watching} onWatch={onWatch} /> : <p className="mt-1 text-sm text-muted">Joined; no lesson open yet.</p>}
    </li>
  );
}

function SessionLines({ session, now, watching, onWatch }: { session: WorkshopSession; now: number; watching: string | null; onWatch: WatchHandler }) {
  const done = session.stepId === null;
  const percent = Math.round((session.passedCount / Math.max(1, session.stepCount)) * 100);
  return (
    <div className="mt-1.5 space-y-1.5">
      <div className="flex items-center gap-3 text-sm">
        <span data-testid="learner-step" className="min-w-0 flex-1 truncate text-ink-soft">
          {done ? 'Lesson complete' : `Step ${session.stepNumber}/${session.stepCount}: ${session.stepTitle}`}
        </span>
        {!done && (
          <span className="shrink-0 font-mono text-xs text-muted" title="time on this step">
            {formatDuration(now - session.stepStartedAt)}
          </span>
        )}
      </div>
      <div aria-hidden className="h-1.5 overflow-hidden rounded-full bg-paper">
        <div className={`h-full rounded-full ${done ? 'bg-emerald-500' : 'bg-accent'}`} style={{ width: `${percent}%` }} />
      </div>
      {session.stuck.map((flag) => (
        <p key={flag} data-testid="stuck-flag" className="mr-2 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
          Stuck: {STUCK_LABEL[flag]}
        </p>
      ))}
      {foldFailures(session.failures)
        .slice(0, FAILURES_ON_CARD)
        .map((f) => (
          <p key={`${f.at}-${f.stepId}`} data-testid="failed-check" className="line-clamp-2 text-xs text-rose-800" title={f.reason}>
            ✗{' '}
            {f.count > 1 && (
              <span data-testid="failure-count" className="rounded bg-rose-100 px-1 font-semibold">
                ×{f.count}
              </span>
            )}{' '}
            {f.stepTitle}: <FailureText text={f.reason} />
          </p>
        ))}
      <div className="flex flex-wrap gap-1.5 pt-0.5">
        <WatchButtons session={session} watching={watching} onWatch={onWatch} />
      </div>
    </div>
  );
}
