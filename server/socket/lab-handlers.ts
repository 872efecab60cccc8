// Registers the lab's handlers for one connected page; sessions belong to the learner, so a new page finds them again.
import type { Lesson } from '../../core/lesson/schema';
import { PUSH, encodeExit, encodeOutput, type MachineStatus } from '../../core/protocol';
import { CONNECTION_OWNER_PREFIX, type SessionManager } from '../sessions/session-manager';
import type { ProgressStore } from '../store/progress-store';
import type { TerminalSink } from '../terminals/terminal';
import { guardFor } from '../workshop/event-guard';
import { registerInstructorHandlers } from '../workshop/instructor-handlers';
import type { Workshop } from '../workshop/workshop';
import type { Role } from '../workshop/workshop-access';
import { registerProgressHandlers } from './progress-handlers';
import { registerSessionHandlers } from './session-handlers';
import type { PageStream } from './page-stream';
import type { LabSocket, SocketEdge } from './socket-edge';
import { registerTerminalHandlers } from './terminal-handlers';

export type LabDeps = {
  sessions: SessionManager;
  getLesson(slug: string): Promise<Lesson | null>;
  machineKind: string;
  /** What the lab machine is doing, when it can be other than ready (SSH, Vagrant); pushed to each page as it connects. */
  machineStatus?(): MachineStatus | undefined;
  /** Every learner's remembered progress and display name. */
  progress: ProgressStore;
  /** The catalogue's lessons (those that loaded), for per-lesson totals. */
  lessonList(): Promise<Lesson[]>;
  /** The workshop, when the lab runs as one (`--workshop`). */
  workshop: Workshop | null;
};

/** One connected page: whose it is, and the terminal sinks it holds (released when it disconnects). */
export type Page = {
  socket: LabSocket;
  edge: SocketEdge;
  /** The page's terminal stream: output and exits go out on it, keystrokes and acks come in on it. */
  stream: PageStream;
  /** The learner (from the identity cookie): owner of the sessions this page may use. */
  owner: string;
  /** What this page may do: outside a workshop every page is a `learner`. */
  role: Role;
  /** Terminals this page watches read-only (an instructor): input for them is refused. */
  readOnly: Set<string>;
  id: string;
  sinks: Map<string, TerminalSink>;
  /** A sink that sends one terminal's output to this page. */
  sinkFor(terminalId: string): TerminalSink;
};

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
