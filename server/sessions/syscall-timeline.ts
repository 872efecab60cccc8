// A session's syscall timeline: the namespace-related calls its terminals' processes made, decoded, kept for pages that attach later.
import { readFileSync } from 'node:fs';
import type { IDisposable } from '../../core/lifecycle';
import type { TimelineEntry, TimelineTracing, TimelineUpdate } from '../../core/protocol/timeline';
import type { Sandbox } from '../machine/machine';
import { decodeCall } from '../tracer/syscall-decode';
import type { SyscallRecord } from '../tracer/syscall-record';

/** Entries kept for a page that (re)attaches: a step's worth; a loop of `unshare true` only pushes out old ones. */
export const MAX_TIMELINE_ENTRIES = 200;
/** Host pids remembered with their terminal before the oldest are forgotten. */
const MAX_PIDS = 4096;
/** How far up the host's process tree an unknown parent is followed to a known one. */
const MAX_ANCESTORS = 32;
/** How often the tracer is asked for its state, to tell the pages when it changes (attached; stopped and restarted) (in milliseconds). */
const STARTING_POLL_MS = 500;

export type SyscallTimelineDeps = {
  sessionId: string;
  /** The title a learner sees on a terminal's tab. */
  terminalTitle(name: string): string;
  /** New entries for the attached pages. */
  push(update: TimelineUpdate): void;
};

export class SyscallTimeline {
  private readonly entries: TimelineEntry[] = [];
  /** Host pid → terminal name: the terminals' own processes, and every caller and program seen since. */
  private readonly terminalOf = new Map<number, string>();
  /** Terminals given a command since they started: before that, a call is the lab's joining the sandbox (nsenter's setns), not the learner's. */
  private readonly typedInto = new Set<string>();
  private sandbox: Sandbox | null = null;
  private subscriptions: IDisposable[] = [];
  private seq = 0;
  /** Set while a sandbox is watched: the pages are told when its tracer's state changes (starting, ready, unavailable). */
  private startingTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: SyscallTimelineDeps) {}

  /** Follows `sandbox` (again after a reset gave the session a fresh one: the old entries go). */
  watch(sandbox: Sandbox): void {
    this.dispose();
    this.sandbox = sandbox;
    const calls = sandbox.watchSyscalls?.((r) => this.onCall(r));
    const execs = sandbox.watchExecs?.((e) => this.learn(e.pid, e.ppid));
    this.subscriptions = [calls, execs].filter((s): s is IDisposable => s !== undefined);
    // Pages showing the old sandbox's calls start over.
    this.deps.push(this.replay());
    if (!sandbox.syscallTracing) return;
    let told = JSON.stringify(this.tracing());
    this.startingTimer = setInterval(() => {
      const now = JSON.stringify(this.tracing());
      if (now === told) return;
      told = now;
      this.deps.push(this.replay());
    }, STARTING_POLL_MS);
    this.startingTimer.unref?.();
  }

  private stopPolling(): void {
    if (this.startingTimer) clearInterval(this.startingTimer);
    this.startingTimer = null;
  }

  terminalStarted(name: string, pid: number): void {
    this.typedInto.delete(name);
    this.remember(pid, name);
  }

  commandEntered(name: string): void {
    this.typedInto.add(name);
  }

  tracing(): TimelineTracing {
    const state = this.sandbox?.syscallTracing?.();
    if (!state) return { state: 'unavailable', why: 'this lab machine cannot trace system calls (a sandbox, SSH or Vagrant machine with bpftrace can)' };
    return state.state === 'unavailable' ? { state: 'unavailable', why: state.why } : { state: state.state };
  }

  /** What a page that (re)attaches is sent: the recent entries, and whether tracing works. */
  replay(): TimelineUpdate {
    return { sessionId: this.deps.sessionId, replay: true, tracing: this.tracing(), entries: [...this.entries] };
  }

  private onCall(r: SyscallRecord): void {
    const terminal = this.learn(r.pid, r.ppid);
    if (!terminal || !this.typedInto.has(terminal)) return;
    const entry: TimelineEntry = {
      ...decodeCall(r),
      seq: ++this.seq,
      at: r.at,
      pid: r.vpid > 0 ? r.vpid : null,
      comm: r.comm,
      terminal: this.deps.terminalTitle(terminal),
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_TIMELINE_ENTRIES) this.entries.splice(0, this.entries.length - MAX_TIMELINE_ENTRIES);
    this.deps.push({ sessionId: this.deps.sessionId, replay: false, tracing: this.tracing(), entries: [entry] });
  }

  /** The terminal of `pid` (from itself or its nearest known ancestor), remembered for its children. */
  private learn(pid: number, ppid: number): string | undefined {
    const terminal = this.terminalOf.get(pid) ?? this.ancestorsTerminal(ppid);
    if (terminal) this.remember(pid, terminal);
    return terminal;
  }

  private ancestorsTerminal(ppid: number): string | undefined {
    let pid = ppid;
    for (let i = 0; i < MAX_ANCESTORS && pid > 1; i++) {
      const known = this.terminalOf.get(pid);
      if (known) return known;
      // A remote machine's pids are not this host's: the sandbox knows their parents.
      const parent = this.sandbox?.parentOf ? this.sandbox.parentOf(pid) : parentOf(pid);
      if (parent === null) return undefined;
      pid = parent;
    }
    return undefined;
  }

  private remember(pid: number, terminal: string): void {
    this.terminalOf.delete(pid);
    this.terminalOf.set(pid, terminal);
    if (this.terminalOf.size > MAX_PIDS) this.terminalOf.delete(this.terminalOf.keys().next().value!);
  }

  dispose(): void {
    this.stopPolling();
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions = [];
    this.terminalOf.clear();
    this.typedInto.clear();
    this.entries.length = 0;
  }
}

function parentOf(pid: number): number | null {
  try {
    const m = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    // The process has exited: its lineage cannot be followed further.
    return null;
  }
}
