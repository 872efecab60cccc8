// Process facts as the explanations put them: PIDs as the learner's shell numbers them, uids inside their namespace, short descriptions.
import type { ProbeProcess } from '../../core/probe/probe-schema';
import type { ProcessTree } from '../../core/probe/process-tree';

/** Names of the uids a learner meets in the sandbox. */
const USER_NAMES: Record<number, string> = { 0: 'root', 1000: 'learner', 65534: 'nobody' };

export const userName = (uid: number): string => USER_NAMES[uid] ?? `uid ${uid}`;

/** The depth (index into NSpid) of the pid namespace `viewer` is in; 0 (the sandbox's) without a viewer. */
const levelOf = (viewer: ProbeProcess | undefined): number => (viewer ? viewer.nspid.length - 1 : 0);

/**
 * The PID of `p` as `viewer` numbers processes, or null when `p` is outside the viewer's pid
 * namespace. A parent is always in its child's pid namespace or an ancestor of it, so `p`'s
 * nearest ancestor at the viewer's depth is in the pid namespace `p` has at that depth.
 */
export function localPid(tree: ProcessTree, p: ProbeProcess, viewer: ProbeProcess | undefined): number | null {
  const level = levelOf(viewer);
  if (p.nspid.length <= level) return null;
  if (level === 0 || p.ns.pid === viewer?.ns.pid) return p.nspid[level]!;
  const byPid = new Map(tree.processes.map((q) => [q.pid, q]));
  for (let q = byPid.get(p.ppid), hops = 0; q && hops < 1000; q = byPid.get(q.ppid), hops++) {
    if (q.nspid.length === level + 1) return q.ns.pid === viewer?.ns.pid ? p.nspid[level]! : null;
  }
  return null;
}

/** The process that `pid` names for `viewer` (e.g. the PID typed in its terminal), if it is alive. */
export function byLocalPid(tree: ProcessTree, viewer: ProbeProcess | undefined, pid: number): ProbeProcess | undefined {
  return tree.processes.find((p) => localPid(tree, p, viewer) === pid);
}

/**
 * The uid `p` has inside its own user namespace. The probe reads from the sandbox's user
 * namespace, so a process of a nested one shows its uid and its uid_map's outer IDs in the
 * sandbox's terms (user_namespaces(7), "the ID ranges ... relative to the user namespace of the
 * process opening the file"); an uid outside every range is the overflow uid, `nobody`.
 */
export function uidInside(tree: ProcessTree, p: ProbeProcess): number {
  if (p.ns.user === tree.baseline('user')) return p.uid;
  for (const line of p.uidMap.split(';')) {
    const [inner, outer, count] = line.trim().split(/\s+/).map(Number);
    if (inner === undefined || outer === undefined || count === undefined || [inner, outer, count].some(Number.isNaN)) continue;
    if (p.uid >= outer && p.uid < outer + count) return inner + (p.uid - outer);
  }
  return 65534;
}

/** The nearest ancestor of `p` whose namespace of `type` differs from p's (where p's came from). */
export function outsideOf(tree: ProcessTree, p: ProbeProcess, type: 'user' | 'mnt' | 'pid'): ProbeProcess | undefined {
  const byPid = new Map(tree.processes.map((q) => [q.pid, q]));
  for (let q = byPid.get(p.ppid), hops = 0; q && hops < 1000; q = byPid.get(q.ppid), hops++) {
    if (q.ns[type] !== p.ns[type]) return q;
  }
  return undefined;
}

/** "PID 42 (`sh`, Terminal 1)": as `viewer` numbers it when it can, else as the sandbox does. */
export function describeProcess(tree: ProcessTree, p: ProbeProcess, viewer: ProbeProcess | undefined, title: (terminal: string) => string): string {
  const pid = localPid(tree, p, viewer) ?? p.pid;
  const terminal = tree.terminal(p);
  return `PID ${pid} (\`${p.comm}\`${terminal ? `, ${title(terminal)}` : ''})`;
}

/** How to start `p` again: its command line (`busybox sh`, `/bin/sh`), or its name when that is long or missing. */
export function relaunchOf(p: ProbeProcess): string {
  const args = p.args.trim().replace(/^-/, '');
  return args && args.length <= 40 ? args : p.comm;
}

/** `net:[4026532…]`, as `readlink /proc/PID/ns/net` and `lsns` show a namespace. */
export const nsName = (type: string, inode: number | undefined): string => `${type}:[${inode ?? '?'}]`;
