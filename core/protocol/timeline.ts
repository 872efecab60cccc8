// The syscall timeline's push: namespace-related system calls of a session's processes, decoded, as the host's tracer saw them.
import type { NamespaceType } from '../namespaces';

/** A namespace a call created or entered: the map highlights it (its inode as the map shows it). */
export type TimelineNamespace = { type: NamespaceType; inode: number };

/** One call, decoded on the server. */
export type TimelineEntry = {
  /** Increasing within a session: the page keeps the newest and drops repeats after a replay. */
  seq: number;
  /** When the call returned (ms since the epoch). */
  at: number;
  /** The call's name, e.g. `unshare`, `clone3`, `write` (for writes to uid_map, gid_map and setgroups). */
  call: string;
  /** The call as the learner would write it, flags decoded: `unshare(CLONE_NEWPID|CLONE_NEWNS)`. */
  text: string;
  /** Decoded flag names, also found in `text` (what a step's `watch` may name). */
  flags: string[];
  /** `= 0`, `= 4242` or an error with what it means for this call. */
  result: { ok: true; value: number } | { ok: false; errno: string; meaning: string };
  /** The process: its pid as the learner's sandbox shows it (null when it could not be told) and its name. */
  pid: number | null;
  comm: string;
  /** The title of the terminal it came from ("Terminal 1"), or null for a process of none (a background job gone astray). */
  terminal: string | null;
  /**
   * The namespaces the call created or entered, for the map: the caller's after unshare or setns, the
   * child's after clone or clone3 (for a new pid or time namespace: the one children get). A namespace
   * here may be gone by the time the entry is picked: it ends with its last process.
   */
  namespaces: TimelineNamespace[];
  /** man7.org page of the call. */
  man: string;
};

/** Whether the session's calls can be traced, and if not, why (one line for the panel). */
export type TimelineTracing = { state: 'starting' | 'ready' } | { state: 'unavailable'; why: string };

/** Pushed with new calls, and with the recent ones when a page (re)attaches (`replay`: replace what the page holds). */
export type TimelineUpdate = { sessionId: string; replay: boolean; tracing: TimelineTracing; entries: TimelineEntry[] };

/** The push's event name (registered in PUSH by ./index). */
export const TIMELINE_PUSH = { timelineUpdate: 'timeline:update' } as const;
