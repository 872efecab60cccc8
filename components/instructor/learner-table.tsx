// LearnerTable: the compact view of the room: one line per learner (state, lesson, step, time on it, last failed check, the node holding them in a lab of many), for 30 and more on a screen.
'use client';

import type { WorkshopLearner, WorkshopSession } from '../../core/protocol';
import { FailureText } from './failure-text';
import { OnlineName, StateBadge, WatchButtons, type WatchHandler } from './learner-parts';
import { focusSession, foldFailures, learnerState } from './room';
import { formatDuration } from './use-now';

type Props = {
  learners: readonly WorkshopLearner[];
  lesson: string | null;
  now: number;
  watching: string | null;
  onWatch: (learner: WorkshopLearner) => WatchHandler;
  onEnd: (session: WorkshopSession) => void;
  /** Whether the room spans several lab nodes: only then has the table a Node column. */
  showNode: boolean;
};

export function LearnerTable({ learners, lesson, now, watching, onWatch, onEnd, showNode }: Props) {
  return (
    // Narrower (a peek beside it, a laptop): the lesson column goes first (the step's tooltip names it), then the node
    // (an operator draining one widens the list or filters by it), then the time on the step; below its minimum the table scrolls sideways rather than squeezing columns to a letter, and
    // the actions stay pinned to the right edge. The container is the learner list (workshop-dashboard.tsx).
    <table data-testid="learner-table" className="w-full min-w-[44rem] table-fixed border-collapse text-sm">
      <caption className="sr-only">Learners, stuck ones first</caption>
      <colgroup>
        <col className="w-[12rem]" />
        <col className="w-[6.5rem]" />
        <col className="w-[11rem] @max-5xl:hidden" />
        {showNode && <col className="w-[5.5rem] @max-3xl:hidden" />}
        <col />
        <col className="w-[4.5rem] @max-2xl:hidden" />
        <col />
        <col className="w-[12.5rem]" />
      </colgroup>
      <thead className="sticky top-0 z-10 bg-surface text-left text-xs text-muted shadow-[0_1px_0_var(--color-line)]">
        <tr>
          <th scope="col" className="px-3 py-1 font-medium">
            Learner
          </th>
          <th scope="col" className="px-2 py-1 font-medium">
            State
          </th>
          <th scope="col" className="px-2 py-1 font-medium @max-5xl:hidden">
            Lesson
          </th>
          {showNode && (
            <th scope="col" data-testid="node-column" className="px-2 py-1 font-medium @max-3xl:hidden">
              Node
            </th>
          )}
          <th scope="col" className="px-2 py-1 font-medium">
            Step
          </th>
          <th scope="col" className="px-2 py-1 font-medium @max-2xl:hidden">
            On step
          </th>
          <th scope="col" className="px-2 py-1 font-medium">
            Last failed check
          </th>
          <th scope="col" className="sticky right-0 bg-surface px-2 py-1 font-medium">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {learners.map((l) => {
          const session = focusSession(l, lesson);
          const state = learnerState(l, lesson);
          const failure = session ? foldFailures(session.failures)[0] : undefined;
          const step = session === null ? 'No lesson open yet' : session.stepId === null ? 'Lesson complete' : `${session.stepNumber}/${session.stepCount} ${session.stepTitle}`;
          return (
            <tr
              key={l.learnerId}
              data-testid="learner-card"
              data-learner={l.learnerId}
              data-state={state}
              data-stuck={state === 'stuck'}
              className={`border-b border-line ${state === 'stuck' ? 'bg-amber-50' : 'bg-surface'}`}
            >
              <td className="px-3 py-1">
                <OnlineName learner={l} />
              </td>
              <td className="px-2 py-1">
                <StateBadge state={state} />
              </td>
              <td className="truncate px-2 py-1 text-ink-soft @max-5xl:hidden" title={session?.lessonTitle}>
                {session?.lessonTitle ?? '—'}
              </td>
              {showNode && (
                <td data-testid="learner-node" className="truncate px-2 py-1 font-mono text-xs text-ink-soft @max-3xl:hidden" title={session?.node && `held by lab node ${session.node}`}>
                  {session?.node ?? '—'}
                </td>
              )}
              <td data-testid="learner-step" className="truncate px-2 py-1 text-ink-soft" title={session ? `${session.lessonTitle}: ${step}` : step}>
                {session && session.stepId !== null ? `Step ${step}` : step}
              </td>
              <td className="px-2 py-1 font-mono text-xs text-muted @max-2xl:hidden">{session && session.stepId !== null ? formatDuration(now - session.stepStartedAt) : ''}</td>
              <td className="truncate px-2 py-1 text-xs text-rose-800" title={failure ? `${failure.stepTitle}: ${failure.reason}${failure.count > 1 ? ` (×${failure.count})` : ''}` : undefined}>
                {failure && (
                  <span data-testid="failed-check">
                    {failure.count > 1 && (
                      <span className="mr-1 rounded bg-rose-100 px-1 font-semibold" data-testid="failure-count">
                        ×{failure.count}
                      </span>
                    )}
                    <FailureText text={failure.reason} />
                  </span>
                )}
              </td>
              <td className="sticky right-0 bg-inherit px-2 py-1">
                {session && (
                  <span className="flex items-center justify-end gap-1">
                    <WatchButtons session={session} watching={watching} onWatch={onWatch(l)} compact />
                    <button type="button" onClick={() => onEnd(session)} className="shrink-0 rounded px-1.5 py-px text-xs text-rose-700 hover:bg-rose-50">
                      End session
                    </button>
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
