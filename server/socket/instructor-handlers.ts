// The instructor's socket requests: watch the workshop live, observe a learner's terminal read-only, end a learner's session.
import { err, ok } from '../../core/result';
import { PUSH, encodeExit, encodeOutput, wireError, type WorkshopSnapshot } from '../../core/protocol';
import type { LabDeps, Page } from './lab-deps';
import type { TerminalWatcher } from '../terminals/terminal';

/** How often a watching instructor's picture is compared with the last one sent, and pushed when it changed (in milliseconds). */
export const WORKSHOP_PUSH_INTERVAL_MS = 1000;

/** Registers the instructor events; the socket edge's guard refuses them (`forbidden`) to every page but the instructor's. */
export function registerInstructorHandlers(page: Page, deps: LabDeps): void {
  const { edge, socket } = page;
  const { sessions, workshop } = deps;
  const unwatch = new Map<string, () => void>();
  let timer: NodeJS.Timeout | null = null;
  let lastSent = '';
  const notWorkshop = () => err(wireError('forbidden', 'the lab is not running as a workshop (start it with --workshop)'));

  // The lessons too: a new answer to a prediction changes the room's tally, not any learner's place.
  const withoutTime = (s: WorkshopSnapshot) => JSON.stringify([s.learners, s.lessons]);
  const push = async () => {
    if (!workshop) return;
    const snapshot = await workshop.snapshot();
    const key = withoutTime(snapshot);
    if (key === lastSent) return;
    lastSent = key;
    socket.emit(PUSH.workshopUpdate, snapshot);
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
    if (!terminal) return err(wireError('not_found', 'that terminal does not exist any more (it may have ended)'));
    unwatch.get(terminalId)?.();
    const watcher: TerminalWatcher = {
      output: (data, seq) => page.stream.send(encodeOutput(terminalId, seq, data)),
      exit: (exitCode, signal) => page.stream.send(encodeExit(terminalId, exitCode, signal)),
    };
    const watched = await terminal.watch(watcher);
    unwatch.set(terminalId, watched.unwatch);
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
    if (!session) return err(wireError('not_found', `session ${sessionId} does not exist (it may have ended already)`));
    await sessions.close(session, 'ended by the instructor');
    await push();
    return ok(null);
  });

  socket.on('disconnect', () => {
    if (timer) clearInterval(timer);
    timer = null;
    for (const stop of unwatch.values()) stop();
    unwatch.clear();
  });
}
