// One host-side eBPF tracer per lab machine (bpftrace): every program the sandboxes start, routed to the sandbox whose uids ran it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { NamespaceType } from '../../core/namespaces';
import { execProgram, TRACED_NS } from './exec-program';

/** An execve seen by the tracer; pids are the host's. */
export type ExecEvent = { pid: number; ppid: number; uid: number; comm: string; ns: Partial<Record<NamespaceType, number>>; at: number };
export type ExecListener = (event: ExecEvent) => void;

/** How long bpftrace may take to compile and attach before the tracer counts as unavailable (in milliseconds). */
const ATTACH_TIMEOUT_MS = 60_000;

/** How long bpftrace may take to detach after SIGTERM before it is killed (in milliseconds). */
const STOP_TIMEOUT_MS = 5_000;

export type TracerState = { state: 'starting' } | { state: 'ready' } | { state: 'unavailable'; why: string };

export class ExecTracer {
  private child: ChildProcess | null = null;
  private state_: TracerState = { state: 'starting' };
  private readonly listeners = new Set<{ first: number; limit: number; listener: ExecListener }>();
  private readonly ready: Promise<boolean>;
  private disposed = false;

  private constructor(firstUid: number, limitUid: number) {
    this.ready = new Promise((resolve) => this.start(firstUid, limitUid, resolve));
  }

  /** Starts tracing programs run by host uids in [firstUid, limitUid); never throws: a host that cannot trace gives an unavailable tracer. */
  static start(firstUid: number, limitUid: number): ExecTracer {
    return new ExecTracer(firstUid, limitUid);
  }

  get state(): TracerState {
    return this.state_;
  }

  /** Settles once the tracer is attached (true) or known to be unavailable (false). */
  whenReady(): Promise<boolean> {
    return this.ready;
  }

  /** Calls `listener` for every program started by a uid in [first, first + count); returns the unsubscribe. */
  subscribe(first: number, count: number, listener: ExecListener): () => void {
    const entry = { first, limit: first + count, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  private start(firstUid: number, limitUid: number, resolve: (ok: boolean) => void): void {
    const unavailable = (why: string) => {
      if (this.state_.state !== 'unavailable') this.state_ = { state: 'unavailable', why };
      resolve(false);
    };
    if (process.getuid?.() !== 0) return unavailable('tracing needs root');
    const bpftrace = ['/usr/bin/bpftrace', '/usr/sbin/bpftrace', '/usr/local/bin/bpftrace'].find((p) => existsSync(p));
    if (!bpftrace) return unavailable('bpftrace is not installed (apt-get install bpftrace)');
    // Tracepoints are described under tracefs; systemd mounts it on a usual boot, containers often do not.
    if (!existsSync('/sys/kernel/tracing/events') && !existsSync('/sys/kernel/debug/tracing/events')) {
      spawnSync('mount', ['-t', 'tracefs', 'nodev', '/sys/kernel/tracing'], { stdio: 'ignore' });
    }
    // setpriv --pdeathsig: bpftrace runs as root and outlives a server killed with SIGKILL otherwise.
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', bpftrace, '-B', 'line', '-e', execProgram(firstUid, limitUid)], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const timer = setTimeout(() => {
      unavailable('bpftrace did not attach in time');
      child.kill('SIGKILL');
    }, ATTACH_TIMEOUT_MS);
    child.on('error', (e) => unavailable(`bpftrace could not start: ${e.message}`));
    child.on('exit', (code) => {
      clearTimeout(timer);
      this.child = null;
      if (!this.disposed) unavailable(`bpftrace stopped (exit ${code}): ${lastError(stderr)}`);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'READY') {
        clearTimeout(timer);
        this.state_ = { state: 'ready' };
        resolve(true);
        return;
      }
      const event = parseExecLine(line);
      if (!event) return;
      for (const l of this.listeners) if (event.uid >= l.first && event.uid < l.limit) l.listener(event);
    });
  }

  /** Stops bpftrace (its probes detach as it exits); settles once it is gone. Safe to call twice. */
  dispose(): Promise<void> {
    this.disposed = true;
    this.listeners.clear();
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}

/** The most telling line of bpftrace's complaints (it warns about RLIMIT_MEMLOCK even when all is well). */
const lastError = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((l) => l.trim() && !/RLIMIT_MEMLOCK/.test(l))
    .slice(-1)[0]
    ?.slice(0, 200) ?? 'no message';

/** Parses "E pid ppid uid <8 inodes> comm"; null for anything else. */
export function parseExecLine(line: string): ExecEvent | null {
  const m = /^E (\d+) (\d+) (\d+) ((?:\d+ ){8})(.*)$/.exec(line);
  if (!m) return null;
  const inodes = m[4]!.trim().split(' ').map(Number);
  const ns: ExecEvent['ns'] = {};
  TRACED_NS.forEach((t, i) => (ns[t] = inodes[i]));
  return { pid: Number(m[1]), ppid: Number(m[2]), uid: Number(m[3]), comm: m[5]!, ns, at: Date.now() };
}
