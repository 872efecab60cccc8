// One host-side eBPF tracer per lab machine (bpftrace) for the namespace-related system calls of its sandboxes, routed by uid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { TracerState } from './exec-tracer';
import { syscallProgram } from './syscall-program';
import { SyscallRecords, type SyscallRecord } from './syscall-record';

export type SyscallListener = (record: SyscallRecord) => void;

/** How long bpftrace may take to compile and attach before the tracer counts as unavailable (in milliseconds). */
const ATTACH_TIMEOUT_MS = 60_000;
/** How long bpftrace may take to detach after SIGTERM before it is killed (in milliseconds). */
const STOP_TIMEOUT_MS = 5_000;

/** The server's own pid namespace level (0: the initial one); its sandboxes' are one below it. */
function ownPidLevel(): number {
  try {
    const m = /^NSpid:\s+(.*)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? m[1]!.trim().split(/\s+/).length - 1 : 0;
  } catch {
    return 0; // no /proc: no sandboxes either
  }
}

export class SyscallTracer {
  private child: ChildProcess | null = null;
  private state_: TracerState = { state: 'starting' };
  private readonly listeners = new Set<{ first: number; limit: number; listener: SyscallListener }>();
  private readonly ready: Promise<boolean>;
  private disposed = false;

  private constructor(firstUid: number, limitUid: number, offWhy?: string) {
    this.ready = new Promise((resolve) => this.start(firstUid, limitUid, resolve, offWhy));
  }

  /** Starts tracing the calls of host uids in [firstUid, limitUid); never throws: a host that cannot trace gives an unavailable tracer. */
  static start(firstUid: number, limitUid: number): SyscallTracer {
    return new SyscallTracer(firstUid, limitUid);
  }

  /** A tracer switched off by configuration: unavailable for `why`, starts no bpftrace. */
  static off(why: string): SyscallTracer {
    return new SyscallTracer(0, 0, why);
  }

  get state(): TracerState {
    return this.state_;
  }

  /** Settles once the tracer is attached (true) or known to be unavailable (false). */
  whenReady(): Promise<boolean> {
    return this.ready;
  }

  /** Calls `listener` for every traced call by a uid in [first, first + count); returns the unsubscribe. */
  subscribe(first: number, count: number, listener: SyscallListener): () => void {
    const entry = { first, limit: first + count, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  private start(firstUid: number, limitUid: number, resolve: (ok: boolean) => void, offWhy?: string): void {
    const unavailable = (why: string) => {
      if (this.state_.state !== 'unavailable') this.state_ = { state: 'unavailable', why };
      resolve(false);
    };
    if (offWhy !== undefined) return unavailable(offWhy);
    if (process.getuid?.() !== 0) return unavailable('tracing needs the server to run as root');
    const bpftrace = ['/usr/bin/bpftrace', '/usr/sbin/bpftrace', '/usr/local/bin/bpftrace'].find((p) => existsSync(p));
    if (!bpftrace) return unavailable('bpftrace is not installed on the lab machine (apt-get install bpftrace)');
    if (!existsSync('/sys/kernel/btf/vmlinux')) return unavailable('the kernel has no BTF (/sys/kernel/btf/vmlinux), which the tracer reads');
    if (!existsSync('/sys/kernel/tracing/events') && !existsSync('/sys/kernel/debug/tracing/events')) {
      spawnSync('mount', ['-t', 'tracefs', 'nodev', '/sys/kernel/tracing'], { stdio: 'ignore' });
    }
    const nonce = randomBytes(9).toString('base64url');
    const program = syscallProgram({ firstUid, limitUid, sandboxPidLevel: ownPidLevel() + 1, nonce });
    // setpriv --pdeathsig: bpftrace runs as root and outlives a server killed with SIGKILL otherwise.
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', bpftrace, '-B', 'line', '-e', program], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    const records = new SyscallRecords(nonce, (record) => {
      for (const l of this.listeners) if (record.uid >= l.first && record.uid < l.limit) l.listener(record);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'READY') {
        clearTimeout(timer);
        this.state_ = { state: 'ready' };
        resolve(true);
        return;
      }
      records.line(line);
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
