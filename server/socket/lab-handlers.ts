// What the lab does for each socket request: open sessions and terminals, route keystrokes, resizes and acks.
import type { Lesson } from '../../core/lesson/schema';
import { err, ok } from '../../core/result';
import { PUSH, wireError } from '../../core/protocol';
import type { SessionManager } from '../sessions/session-manager';
import type { LabSocket, SocketEdge } from './socket-edge';

export type LabDeps = {
  sessions: SessionManager;
  getLesson(slug: string): Promise<Lesson | null>;
  machineKind: string;
};

export function registerLabHandlers(socket: LabSocket, edge: SocketEdge, deps: LabDeps): void {
  // Until learner identities exist, a session belongs to the connection that opened it.
  const owner = socket.id;
  const { sessions } = deps;
  const noTerminal = (id: string) => wireError('not_found', `terminal ${id} does not exist (it may have ended); reload the page`);

  edge.onRequest('session:open', async ({ lesson: slug }) => {
    const lesson = await deps.getLesson(slug);
    if (!lesson) return err(wireError('not_found', `there is no lesson "${slug}"`));
    const session = await sessions.open(owner, lesson);
    if (!session.ok) return session;
    session.value.events = {
      progress: (update) => socket.emit(PUSH.progressUpdate, update),
      map: (update) => socket.emit(PUSH.mapUpdate, update),
    };
    return ok({
      sessionId: session.value.id,
      lesson: slug,
      machine: deps.machineKind,
      terminals: session.value.terminalSpecs,
      progress: session.value.progressSnapshot(),
    });
  });

  edge.onRequest('session:close', async ({ sessionId }) => {
    const session = sessions.get(owner, sessionId);
    if (!session) return err(wireError('not_found', `session ${sessionId} does not exist`));
    await sessions.close(session);
    return ok(null);
  });

  edge.onRequest('terminal:open', async ({ sessionId, name, cols, rows }) => {
    const session = sessions.get(owner, sessionId);
    if (!session) return err(wireError('not_found', `session ${sessionId} does not exist (it may have ended); reload the page`));
    const opened = await session.openTerminal(name, { cols, rows }, (terminalId) => ({
      output: (data) => socket.emit(PUSH.terminalOutput, { terminalId, data }),
      exit: (exitCode, signal) => socket.emit(PUSH.terminalExit, { terminalId, exitCode, signal }),
    }));
    if (!opened.ok) return opened;
    if (opened.value.revived) {
      edge.notice(wireError('machine_failed', 'every process of your sandbox had ended, so the lab started a fresh sandbox; files you made there are gone'), 'warning');
    }
    return ok({ terminalId: opened.value.terminal.id, name });
  });

  edge.onRequest('check:run', async ({ sessionId, stepId }) => {
    const session = sessions.get(owner, sessionId);
    if (!session) return err(wireError('not_found', `session ${sessionId} does not exist (it may have ended); reload the page`));
    return session.checkStep(stepId);
  });

  edge.onRequest('map:facts', async ({ sessionId, pid, type }) => {
    const session = sessions.get(owner, sessionId);
    if (!session) return err(wireError('not_found', `session ${sessionId} does not exist (it may have ended); reload the page`));
    return ok(await session.namespaceFacts(pid, type));
  });

  edge.onMessage('map:watch', ({ sessionId, visible }) => {
    const session = sessions.get(owner, sessionId);
    if (!session) return wireError('not_found', `session ${sessionId} does not exist (it may have ended); reload the page`);
    session.watchMap(visible);
  });

  edge.onRequest('terminal:resize', ({ terminalId, cols, rows }) => {
    const terminal = sessions.findTerminal(owner, terminalId);
    if (!terminal) return err(noTerminal(terminalId));
    terminal.resize(cols, rows);
    return ok(null);
  });

  edge.onMessage('terminal:input', ({ terminalId, data }) => {
    const terminal = sessions.findTerminal(owner, terminalId);
    if (!terminal) return noTerminal(terminalId);
    terminal.write(data);
  });

  edge.onMessage('terminal:ack', ({ terminalId, bytes }) => {
    // An ack may race a terminal's exit; there is nothing to resume then.
    sessions.findTerminal(owner, terminalId)?.acknowledge(bytes);
  });

  socket.on('disconnect', () => {
    void sessions.closeOwnedBy(owner);
  });
}
