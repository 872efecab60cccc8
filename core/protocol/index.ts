// The wire contract: every socket.io event name and payload, defined once for browser and server (house rule 1).
//
// Requests travel client → server with a socket.io acknowledgement that carries a Reply.
// Client messages are fire-and-forget; a bad one is answered with a `server:notice` push.
// Server pushes are plain events. Terminal I/O (output, exits, keystrokes, flow-control acks)
// travels on the terminal stream beside socket.io, in the frames of ./terminal-stream, or where
// that WebSocket cannot connect, as the same frames in socket.io events (./terminal-fallback).
import { z } from 'zod';
import type { Result } from '../result';
import { NamespaceType } from '../namespaces';
import type { ProbeSnapshot } from '../probe/probe-schema';
import { WireError } from './errors';
import { Id } from './id';
import { WORKSHOP_REQUESTS, type WorkshopUpdate } from './workshop';
import { PROGRESS_REQUESTS } from './progress';
import { PREDICTION_PUSH, PREDICTION_REQUESTS, type PredictionRunsUpdate } from './predictions';
import type { Explanation } from './explainer';
import { TIMELINE_PUSH, type TimelineUpdate } from './timeline';
import { TERMINAL_FALLBACK_MESSAGES, TERMINAL_FALLBACK_REQUESTS } from './terminal-fallback';

export * from './errors';
export * from './id';
export * from './workshop';
export * from './progress';
export * from './predictions';
export * from './terminal-stream';
export * from './terminal-fallback';
export * from './explainer';
export * from './timeline';

/** Bumped on every incompatible change; checked in the socket.io handshake. */
export const PROTOCOL_VERSION = 8;

/**
 * Sent as socket.io `auth` on connect; a version mismatch is refused with `protocol_mismatch`.
 * `streamKey`: a fresh random key per connection, which the page's terminal stream then names.
 */
export const HandshakeAuth = z.object({ protocolVersion: z.number().int(), streamKey: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'a stream key is 22-64 letters, digits, _ and -') });
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export type Reply<T> = Result<T, WireError>;

/** One request of the contract: what the page sends, what the server answers, and how long the page waits (in milliseconds). */
type RequestDefinition = { request: z.ZodType; reply: z.ZodType; timeoutMs: number };

/** Terminal size in character cells; bounds keep a hostile client from asking for absurd buffers. */
const Cols = z.number().int().min(2).max(1000);
const Rows = z.number().int().min(1).max(500);

export const TerminalSpec = z.object({
  /** Stable name within the session, e.g. `shell`, `host`, `container`. */
  name: Id,
  /** Label shown on the terminal's tab. */
  title: z.string(),
});
export type TerminalSpec = z.infer<typeof TerminalSpec>;

export const TerminalInfo = z.object({ terminalId: Id, name: Id });

/**
 * Attaching to a running terminal: either the output the page missed since `lastSeq`
 * (`replay`, when the server still holds it), or the whole screen serialized (`screen`,
 * escape sequences that redraw it, scrollback included). Output events then continue
 * from `seq`. `exit` is set when the shell has already ended.
 */
export const TerminalAttached = z.object({
  terminalId: Id,
  name: Id,
  seq: z.number().int(),
  replay: z.instanceof(Uint8Array).nullable(),
  screen: z.string().nullable(),
  exit: z.object({ exitCode: z.number().int(), signal: z.number().int().nullable() }).nullable(),
});
export type TerminalAttached = z.infer<typeof TerminalAttached>;

/** Where the learner stands in the lesson: each step's state and last verdict, and the step in focus. */
export const StepProgress = z.object({
  id: Id,
  state: z.enum(['todo', 'passed']),
  /** The last check's verdict for this step, if it was checked. */
  verdict: z.object({ passed: z.boolean(), reason: z.string() }).nullable(),
  /** When the step passed (ms since the epoch), if it did. */
  passedAt: z.number().nullable(),
});
export type StepProgress = z.infer<typeof StepProgress>;

export const LessonProgress = z.object({
  sessionId: Id,
  steps: z.array(StepProgress),
  /** The first step not passed yet; null once the lesson is complete. */
  current: Id.nullable(),
});
export type LessonProgress = z.infer<typeof LessonProgress>;

/** A terminal slot of a session, with its live terminal when one runs (after a reload: attach to it). */
export const SessionTerminal = TerminalSpec.extend({ terminalId: Id.nullable() });
export type SessionTerminal = z.infer<typeof SessionTerminal>;

export const SessionInfo = z.object({
  sessionId: Id,
  lesson: Id,
  /** Which lab machine the shells run on, e.g. `sandbox` or `host`. */
  machine: z.string(),
  /** True when this is the learner's existing session (a reload, another tab, a reconnect). */
  resumed: z.boolean(),
  terminals: z.array(SessionTerminal),
  progress: LessonProgress,
});
export type SessionInfo = z.infer<typeof SessionInfo>;
export type TerminalInfo = z.infer<typeof TerminalInfo>;

/** What the map shows about one namespace when it is clicked: labelled facts read from the kernel. */
export const NamespaceFacts = z.object({
  type: NamespaceType,
  pid: z.number().int(),
  inode: z.number().int().nullable(),
  items: z.array(z.object({ label: z.string(), value: z.string() })),
});
export type NamespaceFacts = z.infer<typeof NamespaceFacts>;

/**
 * Requests: event name → request payload schema, reply value schema, and how long the page waits
 * for the reply (`timeoutMs`, in milliseconds; starting a sandbox can take a while).
 */
export const REQUESTS = {
  /**
   * Start (or rejoin) the learner's session for a lesson: a fresh sandbox and its terminal specs.
   * A new session starts its first terminal's shell at once; its slot still says no terminal, and
   * the page's `terminal:open` for it gets that shell, with everything it printed from the first byte.
   */
  'session:open': {
    request: z.object({ lesson: Id }),
    reply: SessionInfo,
    timeoutMs: 60_000,
  },
  /** End a session: its terminals, sandbox and every process in it. */
  'session:close': {
    request: z.object({ sessionId: Id }),
    reply: z.null(),
    timeoutMs: 15_000,
  },
  /** Destroy the session's sandbox and start a fresh one (setup rerun, progress kept); its terminals restart. */
  'session:reset': {
    request: z.object({ sessionId: Id }),
    reply: z.null(),
    timeoutMs: 60_000,
  },
  /** Join a running terminal after a reload or reconnect; output continues from the reply's `seq`. */
  'terminal:attach': {
    request: z.object({ terminalId: Id, cols: Cols, rows: Rows, lastSeq: z.number().int().min(0).nullable() }),
    reply: TerminalAttached,
    timeoutMs: 15_000,
  },
  /** Close one terminal (its shell is killed); the session and its other terminals go on. */
  'terminal:close': {
    request: z.object({ terminalId: Id }),
    reply: z.null(),
    timeoutMs: 10_000,
  },
  /** Spawn a shell for one of the session's terminals, sized to the browser's pane (or take the one the session started). */
  'terminal:open': {
    request: z.object({ sessionId: Id, name: Id, cols: Cols, rows: Rows }),
    reply: TerminalInfo,
    timeoutMs: 30_000,
  },
  /** Check a step now (the learner pressed "Check"); the reply is the whole lesson's progress. */
  'check:run': {
    request: z.object({ sessionId: Id, stepId: Id }),
    reply: LessonProgress,
    timeoutMs: 30_000,
  },
  /** Facts about the namespace of `type` that process `pid` (as the map shows it) is in. */
  'map:facts': {
    request: z.object({
      sessionId: Id,
      pid: z
        .number()
        .int()
        .min(1)
        .max(1 << 22),
      type: NamespaceType,
    }),
    reply: NamespaceFacts,
    timeoutMs: 15_000,
  },
  /** The pane changed size: resize the pty so full-screen programs redraw to fit. */
  'terminal:resize': {
    request: z.object({ terminalId: Id, cols: Cols, rows: Rows }),
    reply: z.null(),
    timeoutMs: 10_000,
  },
  ...WORKSHOP_REQUESTS,
  ...PROGRESS_REQUESTS,
  ...PREDICTION_REQUESTS,
  ...TERMINAL_FALLBACK_REQUESTS,
} as const satisfies Record<string, RequestDefinition>;
export type RequestName = keyof typeof REQUESTS;
export type RequestOf<E extends RequestName> = z.infer<(typeof REQUESTS)[E]['request']>;
export type ReplyOf<E extends RequestName> = z.infer<(typeof REQUESTS)[E]['reply']>;

/** Client messages without a reply. (Keystrokes and flow-control acks travel on the terminal stream, or as `terminal:frame` in its fallback.) */
export const MESSAGES = {
  /** The namespace map is (not) on screen: while it is, the server also refreshes it slowly in the background. */
  'map:watch': z.object({ sessionId: Id, visible: z.boolean() }),
  ...TERMINAL_FALLBACK_MESSAGES,
} as const;
export type MessageName = keyof typeof MESSAGES;
export type MessageOf<E extends MessageName> = z.infer<(typeof MESSAGES)[E]>;

/** Server pushes. Their payloads are produced by our own server, so the browser does not re-parse them. */
/** Terminal output as the stream delivers it. `seq`: the terminal's total output in bytes once `data` is added; attaching resumes from it. */
export type TerminalOutput = { terminalId: string; seq: number; data: Uint8Array };
/** This page no longer receives a terminal: it was attached from another tab. */
export type TerminalDetached = { terminalId: string; reason: string };
/** The session will be closed for inactivity in `secondsLeft` unless the learner does something. */
export type IdleWarning = { sessionId: string; secondsLeft: number };
export type TerminalExit = { terminalId: string; exitCode: number; signal: number | null };
export type ServerNotice = { level: 'info' | 'warning' | 'error'; error: WireError };
/** Pushed when the session's processes or their namespaces changed (and once when the map starts watching). */
export type MapUpdate = { sessionId: string; snapshot: ProbeSnapshot; at: number };
/** Pushed whenever a check ran (asked for, or automatically after a command) or the session's sandbox was set up again. */
export type ProgressUpdate = LessonProgress & {
  /** The step just checked, and whether this check was automatic. */
  checked: { stepId: string; automatic: boolean } | null;
  /** Set when the learner reset the lesson's progress: passed steps are todo again, take this snapshot as it is. */
  reset?: true;
};

/** What the lab machine is doing: ready, starting (a VM booting, with its latest progress lines) or failed (with what to do). */
export type MachineStatus = { state: 'starting' | 'ready' | 'failed'; summary: string; log: string[] };

/** The session is gone (idle too long, ended by an instructor, reset by the server); the page offers a new one. */
export type SessionEnded = { sessionId: string; reason: string };

/** Server pushes: the one place their event names are spelled (emit and listen with `PUSH.x`, never a string). */
export const PUSH = {
  serverNotice: 'server:notice',
  progressUpdate: 'progress:update',
  mapUpdate: 'map:update',
  terminalDetached: 'terminal:detached',
  idleWarning: 'session:idle-warning',
  sessionEnded: 'session:ended',
  workshopUpdate: 'workshop:update',
  machineStatus: 'machine:status',
  explainShow: 'explain:show',
  terminalFrame: 'terminal:frame',
  ...TIMELINE_PUSH,
  ...PREDICTION_PUSH,
} as const;

/** Each push's payload, by its key in PUSH (every key must have one: ServerToClientEvents indexes this). */
type PushPayloads = {
  serverNotice: ServerNotice;
  progressUpdate: ProgressUpdate;
  mapUpdate: MapUpdate;
  terminalDetached: TerminalDetached;
  idleWarning: IdleWarning;
  sessionEnded: SessionEnded;
  workshopUpdate: WorkshopUpdate;
  machineStatus: MachineStatus;
  /** A classic mistake seen in one of the session's terminals, explained (see ./explainer). */
  explainShow: Explanation;
  /** One terminal stream frame (output or exit), when the page's terminal I/O travels on socket.io (./terminal-fallback). */
  terminalFrame: Uint8Array | ArrayBuffer;
  /** Namespace-related system calls of the session (./timeline). */
  timelineUpdate: TimelineUpdate;
  /** The learner ran what a prediction is about (./predictions). */
  predictionRuns: PredictionRunsUpdate;
};
type PushKey = keyof typeof PUSH;
export type PushName = (typeof PUSH)[PushKey];

/** socket.io typings for `Socket<ServerToClient, ClientToServer>` on both ends, derived from PUSH. */
export type ServerToClientEvents = { [K in PushKey as (typeof PUSH)[K]]: (payload: PushPayloads[K]) => void };

type RequestHandlers = {
  [E in RequestName]: (payload: unknown, ack: (reply: Reply<ReplyOf<E>>) => void) => void;
};
type MessageHandlers = { [E in MessageName]: (payload: unknown) => void };
export type ClientToServerEvents = RequestHandlers & MessageHandlers;
