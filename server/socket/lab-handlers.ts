// Registers the lab's handlers for one connected page; sessions belong to the learner, so a new page finds them again.
import { PUSH, encodeExit, encodeOutput } from '../../core/protocol';
import { CONNECTION_OWNER_PREFIX } from '../sessions/session-manager';
import type { TerminalSink } from '../terminals/terminal';
import type { Role } from '../workshop/workshop-access';
import { guardFor } from './event-guard';
import { registerInstructorHandlers } from './instructor-handlers';
import type { LabDeps, Page } from './lab-deps';
import type { PageStream } from './page-stream';
import { registerPredictionHandlers } from './prediction-handlers';
import { registerProgressHandlers } from './progress-handlers';
import { registerSessionHandlers } from './session-handlers';
import type { LabSocket, SocketEdge } from './socket-edge';
import { registerTerminalHandlers } from './terminal-handlers';

export function registerLabHandlers(socket: LabSocket, edge: SocketEdge, stream: PageStream, deps: LabDeps, learner: string | null, role: Role): void {
  const sinks = new Map<string, TerminalSink>();
  const page: Page = {
    socket,
    edge,
    stream,
    // A client without the identity cookie (not a browser page of ours) gets sessions of its own connection only.
    owner: learner ?? `${CONNECTION_OWNER_PREFIX}${socket.id}`,
    role,
    readOnly: new Set(),
    id: socket.id,
    sinks,
    sinkFor(terminalId) {
      const existing = sinks.get(terminalId);
      if (existing) return existing;
      const sink: TerminalSink = {
        output: (data, seq) => stream.send(encodeOutput(terminalId, seq, data)),
        exit: (exitCode, signal) => stream.send(encodeExit(terminalId, exitCode, signal)),
        detached: (reason) => {
          sinks.delete(terminalId);
          socket.emit(PUSH.terminalDetached, { terminalId, reason });
        },
      };
      sinks.set(terminalId, sink);
      return sink;
    },
  };
  edge.setGuard(guardFor(role));
  registerSessionHandlers(page, deps);
  registerTerminalHandlers(page, deps);
  registerProgressHandlers(page, deps);
  registerPredictionHandlers(page, deps);
  registerInstructorHandlers(page, deps);
  const onRoster = deps.workshop !== null && role === 'learner';
  if (onRoster) deps.workshop?.roster.connect(page.owner);

  socket.on('disconnect', () => {
    if (onRoster) deps.workshop?.roster.disconnect(page.owner);
    // Sessions outlive their pages: detach, and let the idle reaper decide when they end.
    for (const session of deps.sessions.ownedBy(page.owner)) {
      session.detachPage(page.id);
      for (const [terminalId, sink] of sinks) session.terminals.get(terminalId)?.detach(sink);
    }
    if (!learner) for (const s of deps.sessions.ownedBy(page.owner)) void deps.sessions.close(s);
    sinks.clear();
  });
}
