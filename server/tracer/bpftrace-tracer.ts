// What the lab's tracers share: one bpftrace per lab machine, attached once ("READY"), its events routed by uid to subscribers, stopped on dispose.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '../log';
import { localBpftraceHost, type BpftraceHost, type HostFacts } from './bpftrace-host';

/** How long bpftrace may take to compile and attach before the tracer counts as unavailable (in milliseconds). */
const ATTACH_TIMEOUT_MS = 60_000;
/** How long bpftrace may take to detach after being asked to stop before it is killed (in milliseconds). */
const STOP_TIMEOUT_MS = 5_000;

export type TracerState = { state: 'starting' } | { state: 'ready' } | { state: 'unavailable'; why: string };

/**
 * What one tracer runs: why it cannot (checked before bpftrace), or its program and how its output lines
 * become events. `attached`, if given, runs once bpftrace has attached and before the tracer counts as
 * ready (e.g. to learn what existed before then); lines read meanwhile wait for it, in order.
 */
export type TracerPlan<E> = { why: string } | { program: string; reader(emit: (event: E) => void): (line: string) => void; attached?: () => Promise<void> };

export class BpftraceTracer<E extends { uid: number }> {
  private child: ChildProcess | null = null;
  private state_: TracerState = { state: 'starting' };
  private readonly listeners = new Set<{ first: number; limit: number; listener: (event: E) => void }>();
  private readonly ready: Promise<boolean>;
  private disposed = false;

  /**
   * `plan` is asked only once `host` is known to be able to run bpftrace (root, the binary); never throws:
   * a host that cannot trace gives an unavailable tracer. With `offWhy` (switched off by configuration),
   * unavailable for that reason without looking further.
   */
  constructor(
    plan: (facts: HostFacts) => TracerPlan<E>,
    offWhy?: string,
    private readonly host: BpftraceHost = localBpftraceHost,
    /** Told when the tracer attached, why it cannot trace, and what bpftrace complains of (an operator's view); none by default. */
    private readonly log?: Pick<Logger, 'info' | 'warn'>,
  ) {
    this.ready = new Promise((resolve) => {
      if (offWhy !== undefined) return this.unavailable(offWhy, resolve);
      const facts = host.facts();
      if (facts instanceof Promise) {
        facts.then(
          (f) => this.start(f.ok ? plan(f.value) : { why: f.error }, resolve, f.ok ? f.value.where : undefined),
          (e: unknown) => this.unavailable(`the tracer could not look the lab machine over: ${String(e)}`, resolve),
        );
      } else this.start(facts.ok ? plan(facts.value) : { why: facts.error }, resolve, facts.ok ? facts.value.where : undefined);
    });
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

  private unavailable(why: string, resolve: (ok: boolean) => void): void {
    if (this.state_.state !== 'unavailable') {
      this.state_ = { state: 'unavailable', why };
      if (!this.disposed) this.log?.warn(`the syscall tracer is unavailable: ${why}`);
    }
    resolve(false);
  }

  private start(planned: TracerPlan<E>, resolve: (ok: boolean) => void, where = 'the lab machine'): void {
    const unavailable = (why: string) => this.unavailable(why, resolve);
    if ('why' in planned) return unavailable(planned.why);
    // Disposed while the host was looked over: nothing to start.
    if (this.disposed) return unavailable('the tracer was stopped');
    const startedAt = Date.now();
    const child = this.host.spawn(planned.program);
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => line.trim() && this.log?.warn(`bpftrace on ${where}: ${line.trim()}`));
    const attachTimeoutMs = this.host.attachTimeoutMs ?? ATTACH_TIMEOUT_MS;
    const timer = setTimeout(() => {
      unavailable(`bpftrace did not attach within ${attachTimeoutMs / 1000} s`);
      child.kill('SIGKILL');
    }, attachTimeoutMs);
    child.on('error', (e) => unavailable(`bpftrace could not start: ${e.message}`));
    child.on('exit', (code) => {
      clearTimeout(timer);
      this.child = null;
      if (!this.disposed) unavailable(`bpftrace stopped (exit ${code}): ${lastError(stderr)}`);
    });
    const read = planned.reader((event) => {
      for (const l of this.listeners) if (event.uid >= l.first && event.uid < l.limit) l.listener(event);
    });
    if (!child.stdout) return unavailable('bpftrace was started without an output to read');
    /** Lines read while `attached` runs; null once the tracer is ready. */
    let waiting: string[] | null = [];
    const ready = () => {
      if (this.state_.state !== 'starting') return;
      this.state_ = { state: 'ready' };
      this.log?.info(`the syscall tracer attached on ${where} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      for (const line of waiting ?? []) read(line);
      waiting = null;
      resolve(true);
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line !== 'READY') return waiting ? waiting.push(line) : read(line);
      clearTimeout(timer);
      // Its own failures are its to report: the tracer works without what it learns.
      if (planned.attached) void planned.attached().finally(ready);
      else ready();
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
      this.host.stop(child);
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
