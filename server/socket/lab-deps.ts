// What every socket handler is given: the lab's services (LabDeps) and the page it serves (Page).
import type { Lesson } from '../../core/lesson/schema';
import type { MachineStatus } from '../../core/protocol';
import type { SessionManager } from '../sessions/session-manager';
import type { ProgressStore } from '../store/progress-store';
import type { TerminalSink } from '../terminals/terminal';
import type { Workshop } from '../workshop/workshop';
import type { Role } from '../workshop/workshop-access';
import type { PageStream } from './page-stream';
import type { WorkshopNodes } from './workshop-nodes';
import type { LabSocket, SocketEdge } from './socket-edge';

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
  /** The workshop's other nodes, when there are (a workshop with NSLAB_REDIS_URL); set by the socket server. */
  nodes?: WorkshopNodes | null;
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
