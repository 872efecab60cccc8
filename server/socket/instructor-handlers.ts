// The instructor's socket requests: watch the workshop live, observe a learner's terminal read-only, end a learner's session; on this node or, through the others (./workshop-nodes), on any.
import { err, ok } from '../../core/result';
import { PUSH, encodeExit, encodeOutput, wireError, type WorkshopSnapshot } from '../../core/protocol';
import type { LabDeps, Page } from './lab-deps';
import type { TerminalWatcher } from '../terminals/terminal';

/** How often a watching instructor's picture is compared with the last one sent, and pushed when it changed (in milliseconds). */
export const WORKSHOP_PUSH_INTERVAL_MS = 1000;

/** Registers the instructor events; the socket edge's guard refuses them (`forbidden`) to every page but the instructor's. */
export function registerInstructorHandlers(page: Page, deps: LabDeps): void {
  const { edge, socket } = page;
  const { sessions, workshop, nodes } = deps;
  const unwatch = new Map<string, () => void>();
  let timer: NodeJS.Timeout | null = null;
  let lastSent = '';
  /** A picture is being gathered: the next tick is skipped rather than piled up behind a slow node. */
  let gathering = false;
  /** This page watched a terminal of another node: that node is told when the page goes. */
  let observedRemote = false;
  const notWorkshop = () => err(wireError('forbidden', 'the lab is not running as a workshop (start it with --workshop)'));

  // The lessons too: a new answer to a prediction changes the room's tally, not any learner's place.
  const withoutTime = (s: WorkshopSnapshot) => JSON.stringify([s.learners, s.lessons]);
  const push = async () => {
    if (!workshop || gathering) return;
    gathering = true;
    try {
      const snapshot = await workshop.snapshot();
      const key = withoutTime(snapshot);
      if (key === lastSent) return;
      lastSent = key;
      socket.emit(PUSH.workshopUpdate, snapshot);
    } finally {
      gathering = false;
    }
  };

  edge.onRequest('instructor:watch', async () => {
    if (!workshop) return notWorkshop();
    const snapshot = await workshop.snapshot();
    lastSent = withoutTime(snapshot);
    // The page may have gone while the store was read: no timer would be cleared after its disconnect.
    if (socket.disconnected) return ok(snapshot);
    timer ??= setInterval(() => void push(), WORKSHOP_PUSH_INTERVAL_MS);
    return ok(snapshot);
  });

  edge.onRequest('instructor:observe', async ({ terminalId }) => {
    if (!workshop) return notWorkshop();
    const terminal = sessions
      .everyone()
      .map((s) => s.terminals.get(terminalId))
      .find((t) => t !== undefined);
    unwatch.get(terminalId)?.();
    if (!terminal) {
      // Another node may hold it: that node streams its output to this page (./workshop-nodes).
      const remote = await nodes?.observe(terminalId, page);
      if (!remote) return err(wireError('not_found', 'that terminal does not exist any more (it may have ended)'));
      observedRemote = true;
      unwatch.set(terminalId, () => nodes?.unobserve(page.id, terminalId));
      page.readOnly.add(terminalId);
      return ok(remote);
    }
    const watcher: TerminalWatcher = {
      output: (data, seq) => page.stream.send(encodeOutput(terminalId, seq, data)),
      exit: (exitCode, signal) => page.stream.send(encodeExit(terminalId, exitCode, signal)),
    };
    const watched = await terminal.watch(watcher);
    unwatch.set(terminalId, () => watched.unwatch());
    page.readOnly.add(terminalId);
    return ok({ terminalId, seq: watched.seq, screen: watched.screen, ...terminal.size });
  });

  edge.onRequest('instructor:unobserve', ({ terminalId }) => {
    unwatch.get(terminalId)?.();
    unwatch.delete(terminalId);
    page.readOnly.delete(terminalId);
    return ok(null);
  });

  edge.onRequest('instructor:end-session', async ({ sessionId }) => {
    if (!workshop) return notWorkshop();
    const session = sessions.everyone().find((s) => s.id === sessionId);
    if (session) await sessions.close(session, 'ended by the instructor');
    else if (!(await nodes?.endSession(sessionId))) return err(wireError('not_found', `session ${sessionId} does not exist (it may have ended already)`));
    await push();
    return ok(null);
  });

  socket.on('disconnect', () => {
    if (timer) clearInterval(timer);
    timer = null;
    for (const stop of unwatch.values()) stop();
    unwatch.clear();
    if (observedRemote) nodes?.unobserve(page.id, null);
  });
}
