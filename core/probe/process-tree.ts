// Questions about a probe snapshot: the sandbox's own namespaces, which terminal a process belongs to, a terminal's foreground process.
import type { NamespaceType } from '../namespaces';
import type { ProbeProcess, ProbeSnapshot } from './probe-schema';

export class ProcessTree {
  private readonly byPid = new Map<number, ProbeProcess>();
  private readonly terminalOf = new Map<number, string | null>();

  constructor(readonly snapshot: ProbeSnapshot) {
    for (const p of snapshot.processes) this.byPid.set(p.pid, p);
  }

  get processes(): readonly ProbeProcess[] {
    return this.snapshot.processes;
  }

  /** The namespaces the sandbox started with: those of PID 1 as the probe sees it (the sandbox's init). */
  baseline(type: NamespaceType): number | undefined {
    return this.byPid.get(1)?.ns[type] ?? this.snapshot.processes[0]?.ns[type];
  }

  isNew(p: ProbeProcess, type: NamespaceType): boolean {
    const own = p.ns[type];
    return own !== undefined && own !== this.baseline(type);
  }

  /** The terminal a process belongs to: its own NSLAB_TERMINAL, else its nearest ancestor's (a program may clear its environment). */
  terminal(p: ProbeProcess): string | null {
    if (this.terminalOf.has(p.pid)) return this.terminalOf.get(p.pid)!;
    this.terminalOf.set(p.pid, null); // guards against a ppid cycle in a racy snapshot
    const parent = p.ppid > 0 ? this.byPid.get(p.ppid) : undefined;
    const name = p.terminal ?? (parent ? this.terminal(parent) : null);
    this.terminalOf.set(p.pid, name);
    return name;
  }

  ofTerminal(name: string | undefined): ProbeProcess[] {
    return name === undefined ? [...this.processes] : this.processes.filter((p) => this.terminal(p) === name);
  }

  depth(p: ProbeProcess): number {
    let d = 0;
    for (let q = this.byPid.get(p.ppid); q && d < 1000; q = this.byPid.get(q.ppid)) d++;
    return d;
  }

  /** The terminal's foreground program: the deepest of its processes (newest on a tie), optionally only those named `comm`. */
  foreground(terminal: string | undefined, comm?: string): ProbeProcess | undefined {
    const candidates = this.ofTerminal(terminal).filter((p) => !comm || p.comm === comm);
    let best: ProbeProcess | undefined;
    let bestDepth = -1;
    for (const p of candidates) {
      const d = this.depth(p);
      if (d > bestDepth || (d === bestDepth && best && p.pid > best.pid)) {
        best = p;
        bestDepth = d;
      }
    }
    return best;
  }
}
