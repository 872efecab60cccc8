// The programs a session's terminals started, as the machine's tracer saw them: which terminal, in which namespaces, when.
import { readFileSync } from 'node:fs';
import type { IDisposable } from '../../core/lifecycle';
import type { TracedExec } from '../checks/check-context';
import type { Sandbox } from '../machine/machine';
import type { ExecEvent } from '../tracer/exec-tracer';

/** Execs kept per session: enough for a step's worth of commands (a loop's flood only pushes out old ones). */
const MAX_EXECS = 512;
/** Host pids remembered with their terminal before the oldest are forgotten. */
const MAX_PIDS = 4096;
/** How far up the host's process tree an unknown parent is followed to a known one. */
const MAX_ANCESTORS = 32;

export class ExecLog implements IDisposable {
  /** Host pid → terminal name: the terminals' own processes, and every program seen since. */
  private readonly terminalOf = new Map<number, string>();
  private readonly execs: TracedExec[] = [];
  /** Terminals whose shell has been given a command since it started: before that, its programs are its own start-up, not the learner's. */
  private readonly typedInto = new Set<string>();
  private sandbox: Sandbox | null = null;
  /** The sandbox's exec feed; null where the machine cannot trace. */
  private subscription: IDisposable | null = null;

  /** Follows `sandbox` (again after a reset gave the session a fresh one). */
  watch(sandbox: Sandbox): void {
    this.forget();
    this.sandbox = sandbox;
    this.subscription = sandbox.watchExecs?.((e) => this.onExec(e)) ?? null;
  }

  /** A terminal's shell was spawned as host process `pid` (the pty's child): everything below it is that terminal's. */
  terminalStarted(name: string, pid: number): void {
    this.typedInto.delete(name);
    this.remember(pid, name);
  }

  /** The learner pressed Enter in a terminal: from now on the programs it starts are theirs. */
  commandEntered(name: string): void {
    this.typedInto.add(name);
  }

  /** The programs started since `since` (ms since the epoch), or null where the machine cannot trace or is not tracing yet. */
  since(since: number): readonly TracedExec[] | null {
    if (!this.subscription || this.sandbox?.tracing?.().state !== 'ready') return null;
    return this.execs.filter((e) => e.at >= since);
  }

  private onExec(e: ExecEvent): void {
    const terminal = this.terminalOf.get(e.pid) ?? this.ancestorsTerminal(e.ppid);
    if (!terminal) return;
    this.remember(e.pid, terminal);
    // The shell's own exec and its profile's programs would otherwise pass a `ran` check before anything was typed.
    if (!this.typedInto.has(terminal)) return;
    this.execs.push({ terminal, comm: e.comm, ns: e.ns, at: e.at });
    if (this.execs.length > MAX_EXECS) this.execs.splice(0, this.execs.length - MAX_EXECS);
  }

  /** The terminal of the nearest known ancestor, reading the host's /proc for parents the tracer never saw exec (a subshell). */
  private ancestorsTerminal(ppid: number): string | undefined {
    let pid = ppid;
    for (let i = 0; i < MAX_ANCESTORS && pid > 1; i++) {
      const known = this.terminalOf.get(pid);
      if (known) return known;
      const parent = parentOf(pid);
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
    this.forget();
  }

  /** Stops following the sandbox and forgets what was seen (before following a fresh one, or for good). */
  private forget(): void {
    this.subscription?.dispose();
    this.subscription = null;
    this.terminalOf.clear();
    this.typedInto.clear();
    this.execs.length = 0;
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
