// One learner session on the SSH machine: its namespaces there, its shells (ssh -tt) and programs (ssh -T), and its teardown.
import { randomBytes } from 'node:crypto';
import type { IPty } from 'node-pty';
import { toDisposable, type IDisposable } from '../../../core/lifecycle';
import { err, type Result } from '../../../core/result';
import type { Logger } from '../../log';
import type { TracerState } from '../../tracer/bpftrace-tracer';
import type { SyscallListener } from '../../tracer/syscall-tracer';
import type { ExecOptions, ExecResult, MachineError, Sandbox, TerminalSize } from '../machine';
import { UIDS_PER_SANDBOX } from '../sandbox-options';
import type { LauncherLink } from './launcher-link';
import { LAUNCHER_FAILED } from './ssh-command';
import type { SshTracer } from './ssh-tracer';

/** Environment names a shell may be given (they travel on the remote command line). */
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const CLOSE_TIMEOUT_MS = 10_000;
/** How long a terminal's launcher may take to note its pid on the machine (in milliseconds). */
const TERMINAL_PID_TIMEOUT_MS = 15_000;
/** Calls held while a terminal's pid is being asked for, before the oldest are dropped. */
const MAX_HELD_CALLS = 1_000;

/** The machine's syscall tracer and the host uid of this session's sandbox root there (its calls are routed by it). */
export type SshSandboxTracing = { tracer: Pick<SshTracer, 'state' | 'subscribe' | 'parentOf'>; hostUid: number } | { why: string };

export class SshSandbox implements Sandbox {
  private readonly shells = new Set<IPty>();
  /** The machine's pid of each terminal's nsenter (its shell's parent) → the local ssh's pid, which the session knows the terminal by. */
  private readonly terminalRoots = new Map<number, number>();
  /** Terminals whose pid on the machine is still being asked for: calls wait meanwhile (a command typed ahead runs as the shell starts). */
  private pendingRoots = 0;
  private readonly held: (() => void)[] = [];
  private ended_ = false;
  private disposing: Promise<void> | undefined;

  constructor(
    readonly id: string,
    private readonly link: LauncherLink,
    private readonly onDisposed: () => void,
    /** Told when the machine could not close the session (its processes may linger there). */
    private readonly log: Pick<Logger, 'warn'>,
    private readonly tracing_: SshSandboxTracing = { why: 'this SSH machine does not trace system calls' },
  ) {}

  get ended(): boolean {
    return this.ended_;
  }

  spawnShell(size: TerminalSize, env: Readonly<Record<string, string>> = {}): Result<IPty, MachineError> {
    if (this.disposing) return err({ code: 'machine_failed', message: 'this session was closed' });
    if (this.ended_) return err({ code: 'machine_failed', message: 'this session has ended on the lab machine; start a new session' });
    const bad = Object.keys(env).find((name) => !ENV_NAME.test(name));
    if (bad) return err({ code: 'machine_failed', message: `invalid environment variable name ${JSON.stringify(bad)}` });
    const assignments = Object.entries(env).map(([name, value]) => `${name}=${value}`);
    const tag = randomBytes(6).toString('hex');
    const shell = this.link.spawn('terminal', [this.id, tag, ...assignments, '/bin/bash', '-l'], size);
    if (shell.ok) {
      const local = shell.value.pid;
      this.shells.add(shell.value);
      shell.value.onExit(() => {
        this.shells.delete(shell.value);
        for (const [remote, pid] of this.terminalRoots) if (pid === local) this.terminalRoots.delete(remote);
      });
      if ('tracer' in this.tracing_) void this.learnTerminalRoot(tag, local);
    }
    return shell;
  }

  /** Asks the machine which of its processes the terminal's shell hangs below; until then its calls cannot be told apart. */
  private async learnTerminalRoot(tag: string, local: number): Promise<void> {
    this.pendingRoots++;
    const noted = await this.link.run('terminal-pid', [this.id, tag], { timeoutMs: TERMINAL_PID_TIMEOUT_MS });
    const remote = Number(noted.stdout.trim());
    if (noted.exitCode === 0 && Number.isInteger(remote) && remote > 0) this.terminalRoots.set(remote, local);
    else if (!this.disposing) this.log.warn(this.link.failure(noted, `finding terminal ${tag} of session ${this.id}`));
    if (--this.pendingRoots > 0) return;
    for (const deliver of this.held.splice(0)) deliver();
  }

  watchSyscalls(listener: SyscallListener): IDisposable {
    if (!('tracer' in this.tracing_)) return toDisposable(() => undefined);
    let live = true;
    const unsubscribe = this.tracing_.tracer.subscribe(this.tracing_.hostUid, UIDS_PER_SANDBOX, (record) => {
      if (this.pendingRoots === 0) return listener(record);
      this.held.push(() => live && listener(record));
      if (this.held.length > MAX_HELD_CALLS) this.held.shift();
    });
    return toDisposable(() => {
      live = false;
      unsubscribe();
    });
  }

  syscallTracing(): TracerState {
    return 'tracer' in this.tracing_ ? this.tracing_.tracer.state : { state: 'unavailable', why: this.tracing_.why };
  }

  /**
   * The tracer's pids are the machine's: a parent is what the tracer saw fork, and a terminal's nsenter
   * hangs below the local ssh that started it (the pid the session knows the terminal by).
   */
  parentOf(pid: number): number | null {
    if (!('tracer' in this.tracing_)) return null;
    return this.terminalRoots.get(pid) ?? this.tracing_.tracer.parentOf(pid);
  }

  async exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    if (argv.length === 0) return { exitCode: null, stdout: '', stderr: 'nothing to run', timedOut: false };
    const result = await this.link.run('join', [this.id, ...argv], options);
    if (result.exitCode === LAUNCHER_FAILED && /the session has ended/.test(result.stderr)) this.ended_ = true;
    return result;
  }

  dispose(): Promise<void> {
    this.disposing ??= this.teardown();
    return this.disposing;
  }

  private async teardown(): Promise<void> {
    // Closing the local ssh ends its remote shell; closing the session kills whatever else runs in it.
    for (const shell of this.shells) shell.kill('SIGKILL');
    this.shells.clear();
    this.terminalRoots.clear();
    const closed = await this.link.run('close', [this.id], { timeoutMs: CLOSE_TIMEOUT_MS });
    if (closed.exitCode !== 0) this.log.warn(this.link.failure(closed, `closing session ${this.id}`));
    this.ended_ = true;
    this.onDisposed();
  }
}
