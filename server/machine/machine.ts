// The lab machine contract: where learners' shells run (sandbox on this host, plain host, any host over SSH, a Vagrant VM).
import type { IPty } from 'node-pty';
import type { AsyncDisposable, IDisposable } from '../../core/lifecycle';
import type { MachineStatus } from '../../core/protocol';
import type { Result } from '../../core/result';
import type { ExecListener, TracerState } from '../tracer/exec-tracer';
import type { SyscallListener } from '../tracer/syscall-tracer';

export type MachineKind = 'sandbox' | 'host' | 'ssh' | 'vagrant';

/** Why a machine could not do what was asked; shown to the learner, so it says what to do. */
export type MachineError = { code: 'machine_failed' | 'machine_starting' | 'limit_reached'; message: string };

/** What a lab machine that starts slowly or remotely is doing: shown on the console and on every page. */
export type { MachineStatus };

export type TerminalSize = { cols: number; rows: number };

export type ExecResult = { exitCode: number | null; stdout: string; stderr: string; timedOut: boolean };

export type ExecOptions = {
  /** Written to the program's standard input, then closed. */
  input?: string;
  /** Kill the program after this long (in milliseconds). Default 10 000. */
  timeoutMs?: number;
};

/**
 * One learner session's isolated world: namespaces, limits and the shells inside them. Its dispose is
 * async: the caller waits until every process of it is gone.
 */
export interface Sandbox extends AsyncDisposable {
  readonly id: string;
  /**
   * Spawn an interactive login shell inside the sandbox on a new pty, with `env` added to its
   * environment (e.g. NSLAB_TERMINAL, which the probe reads to tell terminals apart).
   * Output is delivered as Buffers (node-pty `encoding: null`).
   */
  spawnShell(size: TerminalSize, env?: Readonly<Record<string, string>>): Result<IPty, MachineError>;
  /** True once every process of the sandbox is gone (e.g. the learner ran `kill -9 -1`); it cannot be used again. */
  readonly ended: boolean;
  /** Run a program inside all of the sandbox's namespaces (and its cgroups), not on a pty. */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /**
   * Where the machine can (a sandbox on the lab's own host): run one of the lab's own programs in the
   * sandbox's user and pid namespaces (/proc shows the sandbox's PIDs) but not its mount namespace, so no
   * file the learner can mount over is executed. Absent: the lab's programs go through exec.
   */
  inspect?(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /**
   * Where the machine can: run a check's shell command in the namespaces of process `pid` (as the sandbox
   * sees it; null: the sandbox's own), on the sandbox's own /usr and /etc whatever the learner mounted over them.
   */
  runCheck?(request: { pid: number | null; types: readonly string[]; command: string }, options?: ExecOptions): Promise<ExecResult>;
  /** Kill every process of the sandbox and remove what it left (cgroups, state files). Safe to call twice. */
  dispose(): Promise<void>;
  /**
   * Where the machine can trace (a sandbox on the lab's own host): calls `listener` for every program the
   * sandbox starts until the returned subscription is disposed. Absent where nothing can be traced (SSH, Vagrant, plain host).
   */
  watchExecs?(listener: ExecListener): IDisposable;
  /** The tracer's state, for checks that need it and pages that show it. */
  tracing?(): TracerState;
  /** Where the machine can trace: calls `listener` for every namespace-related system call of the sandbox (the syscall timeline). */
  watchSyscalls?(listener: SyscallListener): IDisposable;
  /** The syscall tracer's state; absent where nothing can be traced. */
  syscallTracing?(): TracerState;
  /**
   * The parent of process `pid` as the tracer numbers processes (null: unknown, or gone), for telling which
   * terminal a traced call came from. Absent: the tracer's pids are this host's, and its /proc knows.
   */
  parentOf?(pid: number): number | null;
}

/** Where learners' shells run. Its dispose is async: it waits for every sandbox it opened to be gone. */
export interface LabMachine extends AsyncDisposable {
  readonly kind: MachineKind;
  /** One line for the console and the UI, e.g. "bubblewrap sandbox per session (cgroup v1 limits)". */
  describe(): string;
  /** Create a fresh sandbox; `id` is the session id (letters, digits, - and _). */
  openSandbox(id: string): Promise<Result<Sandbox, MachineError>>;
  /** Remove whatever a crashed predecessor left behind (processes, cgroups, state). Called once at start. */
  cleanupStale(): Promise<void>;
  /** Dispose every open sandbox. Safe to call twice. */
  dispose(): Promise<void>;
  /** Settles once the machine's exec tracer is attached (true) or known to be unavailable (false); absent: never traces. */
  whenTracing?(): Promise<boolean>;
  /** The exec tracer's state (why it is unavailable, say), for the console. */
  tracing?(): TracerState;
  /** The machine's state, for machines that are not simply ready (SSH, Vagrant); absent means always ready. */
  status?(): MachineStatus;
  /** Calls `listener` on every change of status(); returns the unsubscribe. */
  onStatus?(listener: (status: MachineStatus) => void): () => void;
}
