// Session requests: open (or resume) a lesson's session, reset its sandbox, close it, check steps, map facts.
import { err, ok } from '../../core/result';
import { PUSH, wireError } from '../../core/protocol';
import type { Session } from '../sessions/session';
import type { LabDeps, Page } from './lab-deps';

export function registerSessionHandlers(page: Page, deps: LabDeps): void {
  const { sessions } = deps;
  const { edge, socket } = page;
  const find = (sessionId: string) => sessions.get(page.owner, sessionId);
  const gone = (sessionId: string) => wireError('not_found', `session ${sessionId} does not exist (it may have ended); reload the page`);

  const attach = (session: Session) =>
    session.attachPage(page.id, {
      progress: (update) => socket.emit(PUSH.progressUpdate, update),
      map: (update) => socket.emit(PUSH.mapUpdate, update),
      idleWarning: (secondsLeft) => socket.emit(PUSH.idleWarning, { sessionId: session.id, secondsLeft }),
      ended: (reason) => socket.emit(PUSH.sessionEnded, { sessionId: session.id, reason }),
      explain: (explanation) => socket.emit(PUSH.explainShow, explanation),
      timeline: (update) => socket.emit(PUSH.timelineUpdate, update),
      predictionRuns: (update) => socket.emit(PUSH.predictionRuns, update),
    });

  edge.onRequest('session:open', async ({ lesson: slug }) => {
    const lesson = await deps.getLesson(slug);
    if (!lesson) return err(wireError('not_found', `there is no lesson "${slug}"`));
    const opened = await sessions.open(page.owner, lesson);
    if (!opened.ok) return opened;
    const { session, resumed, replaced } = opened.value;
    attach(session);
    // The node that held this learner's sandbox died or was drained: say why the terminal starts afresh.
    if (replaced !== null) {
      socket.emit(PUSH.serverNotice, {
        level: 'warning',
        error: wireError('machine_failed', 'Your machine was replaced: the lab node it ran on went away. Your progress is kept; files and commands in the old terminal are not.'),
      });
    }
    // The page's next request opens this terminal; its shell starts now, while the reply travels.
    if (!resumed) session.startFirstShell();
    return ok({
      sessionId: session.id,
      lesson: slug,
      machine: deps.machineKind,
      resumed,
      terminals: session.terminalSlots(),
      progress: session.progressSnapshot(),
    });
  });

  edge.onRequest('session:reset', async ({ sessionId }) => {
    const session = find(sessionId);
    if (!session) return err(gone(sessionId));
    const reset = await session.reset();
    return reset.ok ? ok(null) : reset;
  });

  edge.onRequest('session:close', async ({ sessionId }) => {
    const session = find(sessionId);
    if (!session) return err(gone(sessionId));
    await sessions.close(session);
    return ok(null);
  });

  edge.onRequest('check:run', async ({ sessionId, stepId }) => {
    const session = find(sessionId);
    if (!session) return err(gone(sessionId));
    return session.checkStep(stepId);
  });

  edge.onRequest('map:facts', async ({ sessionId, pid, type }) => {
    const session = find(sessionId);
    if (!session) return err(gone(sessionId));
    return ok(await session.namespaceFacts(pid, type));
  });

  edge.onMessage('map:watch', ({ sessionId, visible }) => {
    // A page stops watching as it tears down, often right after its session ended: nothing to say then.
    find(sessionId)?.watchMap(page.id, visible);
  });
}
