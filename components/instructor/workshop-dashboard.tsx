// WorkshopDashboard: the instructor's live view of a room: stuck learners first, filters, a compact table, where the room is per step, how to join, and one learner's terminal read-only.
'use client';

import { useMemo, useState } from 'react';
import type { WorkshopLearner, WorkshopSession } from '../../core/protocol';
import { useLabConnection } from '../connection/lab-connection';
import { JoinPanel } from './join-panel';
import { LearnerCard } from './learner-card';
import { LearnerTable } from './learner-table';
import { ObservedTerminal } from './observed-terminal';
import { busiestLesson, filterRoom, learnerState, NO_FILTER, orderRoom, roomNodes, type RoomFilter } from './room';
import { RoomFilters, type RoomView } from './room-filters';
import { PredictionTally } from './prediction-tally';
import { StepHistogram } from './step-histogram';
import { useNow } from './use-now';
import { useWorkshop } from './use-workshop';

type Watched = { terminalId: string; label: string; learner: string };

export function WorkshopDashboard() {
  const conn = useLabConnection({ terminals: true });
  const { snapshot, problem } = useWorkshop(conn);
  const now = useNow();
  const [watched, setWatched] = useState<Watched | null>(null);
  const [filter, setFilter] = useState<RoomFilter>(NO_FILTER);
  const [view, setView] = useState<RoomView>('compact');
  const learners = useMemo(() => snapshot?.learners ?? [], [snapshot]);
  const lessons = snapshot?.lessons ?? [];
  // A lab of one node shows no node at all; spread over several, the table, the cards and the filters name it.
  const nodes = useMemo(() => roomNodes(learners), [learners]);
  const shown = useMemo(() => orderRoom(filterRoom(learners, filter), filter.lesson), [learners, filter]);
  const stuck = learners.filter((l) => learnerState(l) === 'stuck').length;
  const online = learners.filter((l) => l.online).length;
  const histogramLesson = lessons.find((l) => l.slug === (filter.lesson ?? busiestLesson(learners))) ?? null;
  // The watched terminal as the latest picture has it (its size follows the learner's pane); gone when it ended.
  const watchedTerminal = learners.flatMap((l) => l.sessions.flatMap((s) => s.terminals)).find((t) => t.terminalId === watched?.terminalId);

  const watch = (learner: WorkshopLearner) => (_session: WorkshopSession, t: { terminalId: string; label: string }) => setWatched({ terminalId: t.terminalId, label: t.label, learner: learner.name });
  const end = (session: WorkshopSession) => {
    if (!window.confirm(`End this learner's "${session.lessonTitle}" session? Their sandbox and shells are closed.`)) return;
    // The request resolves with the lab's answer, a failure included; it never rejects.
    void conn.request('instructor:end-session', { sessionId: session.sessionId }).then((reply) => {
      if (!reply.ok) window.alert(reply.error.message);
    });
  };

  return (
    <div className="flex h-full min-h-0">
      <section aria-label="Learners" className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-baseline gap-3 border-b border-line bg-surface px-4 py-2">
          <h1 className="text-lg font-semibold tracking-tight text-ink">Workshop</h1>
          <p className="text-sm text-muted" data-testid="room-summary">
            {learners.length} {learners.length === 1 ? 'learner' : 'learners'} · {online} online · <span className={stuck ? 'font-medium text-amber-800' : ''}>{stuck} stuck</span>
          </p>
          <span data-testid="dashboard-live" data-state={conn.state} className={`ml-auto text-xs ${conn.state === 'live' ? 'text-emerald-700' : 'text-amber-700'}`}>
            {conn.state === 'live' ? '● live' : conn.state}
          </span>
        </header>
        <RoomFilters lessons={lessons} nodes={nodes} filter={filter} onFilter={setFilter} view={view} onView={setView} shown={shown.length} total={learners.length} />
        {problem && (
          <p role="alert" className="m-4 rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {problem}
          </p>
        )}
        <div data-testid="learner-list" className="@container min-h-0 flex-1 overflow-auto bg-paper">
          {view === 'compact' ? (
            <LearnerTable learners={shown} lesson={filter.lesson} now={now} watching={watched?.terminalId ?? null} onWatch={watch} onEnd={end} showNode={nodes.length > 0} />
          ) : (
            <ul className="grid grid-cols-[repeat(auto-fill,minmax(22rem,1fr))] gap-2 p-3">
              {shown.map((l) => (
                <LearnerCard key={l.learnerId} learner={l} lesson={filter.lesson} now={now} watching={watched?.terminalId ?? null} onWatch={watch(l)} onEnd={end} showNode={nodes.length > 0} />
              ))}
            </ul>
          )}
          {snapshot && learners.length === 0 && <p className="px-4 py-6 text-center text-sm text-muted">Nobody has joined yet. Share the join code or the QR code.</p>}
          {snapshot && learners.length > 0 && shown.length === 0 && <p className="px-4 py-6 text-center text-sm text-muted">No learner matches these filters.</p>}
        </div>
      </section>
      <aside aria-label="Joining and the room" className={`flex shrink-0 flex-col border-l border-line bg-paper ${watched ? 'w-[44rem]' : 'w-[26rem]'}`}>
        {snapshot && <JoinPanel join={snapshot.join} />}
        {histogramLesson && (
          <div className="border-b border-line bg-surface px-3 py-2">
            <StepHistogram
              learners={learners}
              lesson={histogramLesson}
              selected={filter.lesson === histogramLesson.slug ? filter.step : null}
              onSelect={(step) => setFilter({ ...filter, lesson: histogramLesson.slug, step })}
            />
            <PredictionTally lesson={histogramLesson} />
          </div>
        )}
        <section aria-label="Terminal" className="on-dark flex min-h-0 flex-1 flex-col bg-term">
          <header className="flex items-center gap-2 border-b border-term-line bg-term-raised px-4 py-2 text-sm text-term-text">
            {watched ? (
              <>
                <span className="min-w-0 truncate font-medium" title={watched.learner}>
                  {watched.learner}
                </span>
                <span className="shrink-0 text-term-muted">· {watched.label}</span>
                <span className="ml-auto shrink-0 rounded-full border border-term-line px-2 py-0.5 text-xs text-term-muted">read-only</span>
                <button type="button" onClick={() => setWatched(null)} className="shrink-0 rounded px-2 py-0.5 text-xs text-term-text hover:bg-term">
                  Stop watching
                </button>
              </>
            ) : (
              <span className="text-term-muted">Pick a learner’s terminal to follow their shell, read-only.</span>
            )}
          </header>
          {watched && watchedTerminal ? (
            <ObservedTerminal key={watched.terminalId} conn={conn} terminalId={watched.terminalId} cols={watchedTerminal.cols} rows={watchedTerminal.rows} />
          ) : (
            watched && <p className="p-4 text-sm text-term-muted">That terminal has ended.</p>
          )}
        </section>
      </aside>
    </div>
  );
}
