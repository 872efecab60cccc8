// One open sandbox: joins shells and programs to it, and tears it down (processes, cgroups) exactly once.
import { statSync } from 'node:fs';
import * as pty from 'node-pty';
import { toDisposable, type IDisposable } from '../../../core/lifecycle';
import { err, ok, type Result } from '../../../core/result';
import type { ExecOptions, ExecResult, MachineError, Sandbox, TerminalSize } from '../machine';
import type { ExecListener, ExecTracer, TracerState } from '../../tracer/exec-tracer';
import type { SyscallListener, SyscallTracer } from '../../tracer/syscall-tracer';
import { killPids, listProcessesFromNow } from '../proc-table';
import { asProcessEnv, runCaptured, type RunSpec } from '../run-captured';
import { UIDS_PER_SANDBOX } from '../sandbox-options';
import { destroyCgroup } from './cgroups';
import { joinSpec, type JoinTarget } from './join';
import { checkSpec, identityOf, inspectSpec, rootLinks, staticBusybox, type CheckRequest } from './trusted-join';
import { hostSeccomp, withSeccomp } from './seccomp-join';
import type { LaunchedSandbox } from './launcher';

let serverUserNs: number | null | undefined;
/** Inode of the server's own user namespace (null where it cannot be read): a program still in it has not joined a sandbox. */
function serverUserNamespace(): number | null {
  if (serverUserNs === undefined) {
    try {
      serverUserNs = statSync('/proc/self/ns/user').ino;
    } catch {
      // No /proc (not Linux): no sandbox runs here either, so nothing is filtered.
      serverUserNs = null;
    }
  }
  return serverUserNs;
}

export type BwrapSandboxParts = {
  id: string;
  target: JoinTarget;
  cgroupDirs: readonly string[];
  launched: LaunchedSandbox;
  /** Called once everything is gone, to free the uid slot. */
  onDisposed(): void;
  /** The machine's exec tracer, shared by its sandboxes. */
  tracer: ExecTracer;
  /** The machine's syscall tracer, shared by its sandboxes. */
  syscalls: SyscallTracer;
};

export class BwrapSandbox implements Sandbox {
  readonly id: string;
  private ended_ = false;
  private disposing: Promise<void> | undefined;
  /** The sandbox's /etc as launched, before a learner could mount over it (see trusted-join.ts). */
  private readonly etcIdentity: string | null;

  constructor(private readonly parts: BwrapSandboxParts) {
    this.id = parts.id;
    try {
      this.etcIdentity = identityOf(`/proc/${parts.target.anchorPid}/root/etc/`);
    } catch {
      // The sandbox is already gone: nothing will run in it.
      this.etcIdentity = null;
    }
    parts.launched.child.once('exit', () => {
      this.ended_ = true;
    });
  }

  /** First host uid of the sandbox's uid range (its root). */
  get hostUid(): number {
    return this.parts.target.hostUid;
  }

  /** Host pid of the sandbox's PID 1 (for probes and tests). */
  get anchorPid(): number {
    return this.parts.target.anchorPid;
  }

  get ended(): boolean {
    return this.ended_;
  }

  watchExecs(listener: ExecListener): IDisposable {
    const server = serverUserNamespace();
    // The join helper (setpriv's exec of nsenter) runs as the sandbox's uid but still in the server's own
    // namespaces: it is the lab's, not a learner's program, and its "other" namespaces must not pass a check.
    const unsubscribe = this.parts.tracer.subscribe(this.parts.target.hostUid, UIDS_PER_SANDBOX, (e) => {
      if (e.ns.user !== server) listener(e);
    });
    return toDisposable(unsubscribe);
  }

  tracing(): TracerState {
    return this.parts.tracer.state;
  }

  watchSyscalls(listener: SyscallListener): IDisposable {
    return toDisposable(this.parts.syscalls.subscribe(this.parts.target.hostUid, UIDS_PER_SANDBOX, listener));
  }

  syscallTracing(): TracerState {
    return this.parts.syscalls.state;
  }

  spawnShell(size: TerminalSize, env: Readonly<Record<string, string>> = {}): Result<pty.IPty, MachineError> {
    const gone = this.unavailable();
    if (gone) return err(gone);
    const spec = this.joinSpec(['/bin/bash', '-l']);
    try {
      const shell = pty.spawn(spec.file, [...spec.args], {
        name: 'xterm-256color',
        cols: size.cols,
        rows: size.rows,
        cwd: spec.cwd,
        env: asProcessEnv({ ...spec.env, ...env }),
        encoding: null,
      });
      return ok(shell);
    } catch (e) {
      return err({ code: 'machine_failed', message: `could not start a shell in the sandbox: ${(e as Error).message}` });
    }
  }

  async exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    const gone = this.unavailable();
    if (gone) return { exitCode: null, stdout: '', stderr: gone.message, timedOut: false };
    return runCaptured(this.joinSpec(argv), options);
  }

  async inspect(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    const gone = this.unavailable();
    if (gone) return { exitCode: null, stdout: '', stderr: gone.message, timedOut: false };
    return runCaptured(this.filtered(inspectSpec(this.parts.target, argv)), options);
  }

  async runCheck(request: CheckRequest, options?: ExecOptions): Promise<ExecResult> {
    const gone = this.unavailable();
    if (gone) return { exitCode: null, stdout: '', stderr: gone.message, timedOut: false };
    const busybox = staticBusybox();
    if (!busybox || this.etcIdentity === null) {
      return { exitCode: null, stdout: '', stderr: 'the lab needs a static busybox (Debian: busybox-static) to run checks', timedOut: false };
    }
    return runCaptured(this.filtered(checkSpec({ ...this.parts.target, etcIdentity: this.etcIdentity }, await rootLinks(), request, busybox)), options);
  }

  dispose(): Promise<void> {
    this.disposing ??= this.teardown();
    return this.disposing;
  }

  private joinSpec(argv: readonly string[]): RunSpec {
    return this.filtered(joinSpec(this.parts.target, argv));
  }

  /**
   * Every program that enters the sandbox's namespaces loads its seccomp filter first (the machine
   * launched it, so the host has one): the lab's own probes and checks too, or a learner could trace
   * one of them (it runs in the sandbox's pid namespace) into making a denied call.
   */
  private filtered(spec: RunSpec): RunSpec {
    const seccomp = hostSeccomp();
    // A bug, not a learner's problem: the machine launched this sandbox with the host's filter.
    if (!seccomp.ok) throw new Error(seccomp.error);
    return withSeccomp(spec, seccomp.value);
  }

  private unavailable(): MachineError | undefined {
    if (this.disposing) return { code: 'machine_failed', message: 'this sandbox was closed' };
    if (this.ended_) {
      return { code: 'machine_failed', message: `this sandbox has ended; start a new session. ${this.parts.launched.stderr()}`.trim() };
    }
    return undefined;
  }

  private async teardown(): Promise<void> {
    const { child } = this.parts.launched;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    // The outer bwrap: its death kills the sandbox's PID 1 (--die-with-parent), and with it the pid namespace.
    child.kill('SIGKILL');
    await exited;
    for (const stream of child.stdio) stream?.destroy();
    // Joined programs' nsenter parents live outside the pid namespace; the cgroups hold them all.
    await Promise.all(this.parts.cgroupDirs.map((dir) => destroyCgroup(dir)));
    // Belt and braces for a missing controller: nothing may keep running with this sandbox's uids.
    const base = this.parts.target.hostUid;
    const leftovers = (await listProcessesFromNow()).filter((p) => p.uid >= base && p.uid < base + UIDS_PER_SANDBOX);
    killPids(leftovers.map((p) => p.pid));
    this.parts.onDisposed();
  }
}
