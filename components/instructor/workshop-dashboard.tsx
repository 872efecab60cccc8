// WorkshopDashboard: the instructor's live view: every learner's progress beside a read-only view of one learner's terminal.
'use client';

import { useState } from 'react';
import type { WorkshopSession } from '../../core/protocol';
import { useLabSocket } from '../terminal/use-lab-socket';
import { LearnerCard } from './learner-card';
import { ObservedTerminal } from './observed-terminal';
import { useNow } from './use-now';
import { useWorkshop } from './use-workshop';

type Watched = { terminalId: string; name: string; learner: string };

export function WorkshopDashboard() {
  const conn = useLabSocket();
  const { snapshot, problem } = useWorkshop(conn);
  const now = useNow();
  const [watched, setWatched] = useState<Watched | null>(null);
  const learners = snapshot?.learners ?? [];
  const stuck = learners.filter((l) => l.sessions[0]?.stuck.length).length;
  const online = learners.filter((l) => l.online).length;
  // The watched terminal as the latest picture has it (its size follows the learner's pane); gone when it ended.
  const watchedTerminal = learners.flatMap((l) => l.sessions.flatMap((s) => s.terminals)).find((t) => t.terminalId === watched?.terminalId);

  const watch = (learnerName: string) => (_session: WorkshopSession, t: { terminalId: string; name: string }) =>
    setWatched({ terminalId: t.terminalId, name: t.name, learner: learnerName });
  const end = async (session: WorkshopSession) => {
    if (!window.confirm(`End this learner's "${session.lessonTitle}" session? Their sandbox and shells are closed.`)) return;
    const reply = await conn.request('instructor:end-session', { sessionId: session.sessionId });
    if (!reply.ok) window.alert(reply.error.message);
  };

  return (
    <div className="flex h-full min-h-0">
      <section aria-label="Learners" className="flex w-[30rem] shrink-0 flex-col border-r border-line">
        <header className="border-b border-line bg-surface px-4 py-3">
          <div className="flex items-baseline gap-2">
            <h1 className="text-lg font-semibold tracking-tight text-ink">Workshop</h1>
            <span data-testid="dashboard-live" data-state={conn.state} className={`ml-auto text-xs ${conn.state === 'live' ? 'text-emerald-700' : 'text-amber-700'}`}>
              {conn.state === 'live' ? '● live' : conn.state}
            </span>
          </div>
          <p className="mt-0.5 text-sm text-muted">
            {learners.length} {learners.length === 1 ? 'learner' : 'learners'} · {online} online · <span className={stuck ? 'font-medium text-amber-800' : ''}>{stuck} stuck</span>
          </p>
        </header>
        {problem && <p role="alert" className="m-4 rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">{problem}</p>}
        <ul data-testid="learner-list" className="min-h-0 flex-1 space-y-2 overflow-y-auto bg-paper p-3">
          {learners.map((l) => (
            <LearnerCard key={l.learnerId} learner={l} now={now} watching={watched?.terminalId ?? null} onWatch={watch(l.name)} onEnd={end} />
          ))}
          {snapshot && learners.length === 0 && <li className="px-1 py-6 text-center text-sm text-muted">Nobody has joined yet. Share the join link the server printed.</li>}
        </ul>
      </section>
      <section aria-label="Terminal" className="on-dark flex min-w-0 flex-1 flex-col bg-term">
        <header className="flex items-center gap-2 border-b border-term-line bg-term-raised px-4 py-2.5 text-sm text-term-text">
          {watched ? (
            <>
              <span className="font-medium">{watched.learner}</span>
              <span className="text-term-muted">· terminal {watched.name}</span>
              <span className="ml-auto rounded-full border border-term-line px-2 py-0.5 text-xs text-term-muted">read-only</span>
            </>
          ) : (
            <span className="text-term-muted">Pick “Watch terminal” on a learner to follow their shell, read-only.</span>
          )}
        </header>
        {watched && watchedTerminal ? (
          <ObservedTerminal key={watched.terminalId} conn={conn} terminalId={watched.terminalId} cols={watchedTerminal.cols} rows={watchedTerminal.rows} />
        ) : (
          watched && <p className="p-4 text-sm text-term-muted">That terminal has ended.</p>
        )}
      </section>
    </div>
  );
}
