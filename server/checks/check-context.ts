// What a check can look at: the probe's process tree, the sandbox to run commands in, and the terminals' recent output.
import type { CheckVerdict } from '../../core/checks/check-schema';
import type { Sandbox } from '../machine/machine';
import type { ProcessTree } from '../../core/probe/process-tree';

export type CheckContext = {
  tree: ProcessTree;
  sandbox: Sandbox;
  /** The step's terminal: the default for checks that name none. */
  terminal: string;
  /** What a terminal printed since the step began, escape sequences removed. */
  outputSince(terminal: string): string;
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
