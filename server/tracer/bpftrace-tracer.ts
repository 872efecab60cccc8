// What the lab's host-side tracers share: one bpftrace per lab machine, attached once ("READY"), its events routed by uid to subscribers, stopped on dispose.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** How long bpftrace may take to compile and attach before the tracer counts as unavailable (in milliseconds). */
const ATTACH_TIMEOUT_MS = 60_000;
/** How long bpftrace may take to detach after SIGTERM before it is killed (in milliseconds). */
const STOP_TIMEOUT_MS = 5_000;

export type TracerState = { state: 'starting' } | { state: 'ready' } | { state: 'unavailable'; why: string };

/** What one tracer runs: why it cannot (checked before bpftrace), or its program and how its output lines become events. */
export type TracerPlan<E> = { why: string } | { program: string; reader(emit: (event: E) => void): (line: string) => void };

export class BpftraceTracer<E extends { uid: number }> {
  private child: ChildProcess | null = null;
  private state_: TracerState = { state: 'starting' };
  private readonly listeners = new Set<{ first: number; limit: number; listener: (event: E) => void }>();
  private readonly ready: Promise<boolean>;
  private disposed = false;

  /** `plan` is asked only once root and bpftrace are known to be there; never throws: a host that cannot trace gives an unavailable tracer. */
  /** With `offWhy` (switched off by configuration), unavailable for that reason without looking further. */
  constructor(plan: (bpftrace: string) => TracerPlan<E>, offWhy?: string) {
    this.ready = new Promise((resolve) => this.start(offWhy === undefined ? plan : () => ({ why: offWhy }), resolve, offWhy !== undefined));
  }

  get state(): TracerState {
    return this.state_;
  }

  /** Settles once the tracer is attached (true) or known to be unavailable (false). */
  whenReady(): Promise<boolean> {
    return this.ready;
  }

  /** Calls `listener` for every event of a uid in [first, first + count); returns the unsubscribe. */
  subscribe(first: number, count: number, listener: (event: E) => void): () => void {
    const entry = { first, limit: first + count, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  private start(plan: (bpftrace: string) => TracerPlan<E>, resolve: (ok: boolean) => void, off: boolean): void {
    const unavailable = (why: string) => {
      if (this.state_.state !== 'unavailable') this.state_ = { state: 'unavailable', why };
      resolve(false);
    };
    const bpftrace = ['/usr/bin/bpftrace', '/usr/sbin/bpftrace', '/usr/local/bin/bpftrace'].find((p) => existsSync(p));
    const planned = off
      ? plan('')
      : process.getuid?.() !== 0
        ? { why: 'tracing needs the server to run as root' }
        : !bpftrace
          ? { why: 'bpftrace is not installed on the lab machine (apt-get install bpftrace)' }
          : plan(bpftrace);
    if ('why' in planned) return unavailable(planned.why);
    // Tracepoints are described under tracefs; systemd mounts it on a usual boot, containers often do not.
    if (!existsSync('/sys/kernel/tracing/events') && !existsSync('/sys/kernel/debug/tracing/events')) {
      spawnSync('mount', ['-t', 'tracefs', 'nodev', '/sys/kernel/tracing'], { stdio: 'ignore' });
    }
    // setpriv --pdeathsig: bpftrace runs as root and outlives a server killed with SIGKILL otherwise.
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', bpftrace!, '-B', 'line', '-e', planned.program], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    const read = planned.reader((event) => {
      for (const l of this.listeners) if (event.uid >= l.first && event.uid < l.limit) l.listener(event);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line !== 'READY') return read(line);
      clearTimeout(timer);
      this.state_ = { state: 'ready' };
      resolve(true);
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

/** The most telling line of bpftrace's complaints (it warns about RLIMIT_MEMLOCK and address spaces even when all is well). */
const lastError = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((l) => /ERROR|error/.test(l) && !/RLIMIT_MEMLOCK/.test(l))
    .slice(-1)[0]
    ?.slice(0, 200) ?? 'no message';
