// What a check can look at: the probe's process tree, the sandbox to run commands in, the terminals' recent output, and the programs they started.
import type { CheckVerdict } from '../../core/checks/check-schema';
import type { NamespaceType } from '../../core/namespaces';
import type { Sandbox } from '../machine/machine';
import type { ProcessTree } from '../../core/probe/process-tree';

/** A program a terminal started (an execve the lab's tracer saw), with the namespaces it ran in. */
export type TracedExec = {
  terminal: string;
  comm: string;
  /** Namespace inode per type at the moment of the execve (pid: the namespace its children would get). */
  ns: Partial<Record<NamespaceType, number>>;
  at: number;
};

export type CheckContext = {
  tree: ProcessTree;
  sandbox: Sandbox;
  /** The step's terminal: the default for checks that name none. */
  terminal: string;
  /** What a terminal printed since the step began, escape sequences removed. */
  outputSince(terminal: string): string;
  /** The programs the terminals started since the step began, or null where the machine cannot be traced. */
  execsSince(): readonly TracedExec[] | null;
  /** The title a learner sees on a terminal's tab, e.g. "Terminal 2" for `two`. */
  terminalTitle: (name: string) => string;
};

export const pass = (reason: string): CheckVerdict => ({ passed: true, reason });
export const fail = (reason: string): CheckVerdict => ({ passed: false, reason });

/** The unshare(1) option that creates a namespace of each type, for reasons that say what to type. */
export const UNSHARE_FLAG: Record<string, string> = {
  cgroup: '--cgroup',
  ipc: '--ipc',
  mnt: '--mount',
  net: '--net',
  pid: '--pid --fork',
  time: '--time',
  user: '--user',
  uts: '--uts',
};

export const describeProcess = (p: { pid: number; comm: string }): string => `${p.comm} (PID ${p.pid})`;
