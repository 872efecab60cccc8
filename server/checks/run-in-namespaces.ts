// Runs a command (as the lab's probe) in the namespaces of a learner's process, or in the sandbox's own.
import { NAMESPACE_TYPES, type NamespaceType } from '../../core/namespaces';
import type { ProbeProcess } from '../../core/probe/probe-schema';
import type { ProcessTree } from '../../core/probe/process-tree';
import type { ExecResult, Sandbox } from '../machine/machine';
import { AS_PROBE } from '../probe/run-probe';

/** nsenter(1) option per namespace type. */
const NSENTER_FLAG: Record<NamespaceType, string> = {
  cgroup: '--cgroup',
  ipc: '--ipc',
  mnt: '--mount',
  net: '--net',
  pid: '--pid',
  time: '--time',
  user: '--user',
  uts: '--uts',
};

/** Default namespaces to enter: all but user (entering an unmapped user namespace would make the check "nobody"). */
export const DEFAULT_ENTER: readonly NamespaceType[] = NAMESPACE_TYPES.filter((t) => t !== 'user');

/** Kill a check command after this long (in milliseconds). */
const RUN_CHECK_TIMEOUT_MS = 5_000;

/** The namespace types of `p` to enter: those asked for that differ from the sandbox's own. */
export function typesToEnter(tree: ProcessTree, p: ProbeProcess, enter: readonly NamespaceType[] = DEFAULT_ENTER): NamespaceType[] {
  // setns(2) into one's own cgroup or time namespace fails when it is owned by the host's user namespace.
  return enter.filter((t) => tree.isNew(p, t));
}

/**
 * The processes worth running a command in: one per distinct set of namespaces (of the types entered),
 * in the order given (deepest first), at most `limit`.
 */
export function distinctTargets(tree: ProcessTree, processes: readonly ProbeProcess[], enter?: readonly NamespaceType[], limit = 4): ProbeProcess[] {
  const seen = new Set<string>();
  const out: ProbeProcess[] = [];
  for (const p of processes) {
    const key = typesToEnter(tree, p, enter)
      .map((t) => `${t}:${p.ns[t]}`)
      .join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
    if (out.length >= limit) break;
  }
  return out;
}

export function runInNamespaces(sandbox: Sandbox, tree: ProcessTree, target: ProbeProcess | null, command: string, enter?: readonly NamespaceType[]): Promise<ExecResult> {
  if (sandbox.runCheck) {
    // Started from the lab's host, on the sandbox's own /usr and /etc: no program the learner mounted runs.
    const types = target ? typesToEnter(tree, target, enter) : [];
    return sandbox.runCheck({ pid: types.length > 0 ? target!.pid : null, types, command }, { timeoutMs: RUN_CHECK_TIMEOUT_MS });
  }
  let argv = ['/bin/sh', '-c', command];
  if (target) {
    const types = typesToEnter(tree, target, enter);
    if (types.length > 0) argv = ['nsenter', '--target', String(target.pid), ...types.map((t) => NSENTER_FLAG[t]), '--', ...argv];
  }
  return sandbox.exec([...AS_PROBE, ...argv], { timeoutMs: RUN_CHECK_TIMEOUT_MS });
}
