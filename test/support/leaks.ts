// Leak checker for sandbox tests: snapshots our processes, cgroups, network namespaces, mounts and fds, and diffs two snapshots.
import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_SANDBOX_OPTIONS } from '../../server/machine/sandbox-options';
import { waitUntil } from './wait';

export type LeakScope = {
  /** Processes with a real uid >= this count as ours. Default: the default sandbox uid base. */
  uidBase?: number;
  /** …and below this, when given: other test runs on the host use other uid blocks. Cgroups are scoped the same way by their u<uid>- name. */
  uidLimit?: number;
  /** Host mounts whose line mentions this path count as ours. */
  dataDir?: string;
};

export type Snapshot = {
  /** "pid uid name" of live (non-zombie) processes with uid >= uidBase, or named bwrap/nsenter. */
  processes: Set<string>;
  /** Session cgroup directories: <hierarchy>/nslab/* for every v1 hierarchy and v2. */
  cgroups: Set<string>;
  /**
   * Names from `ip netns list`. Unscoped only: sandboxes never name a network namespace on the host (a
   * learner's `ip netns add` names it in the sandbox's own /run), while other test files do (the test sshd's).
   */
  netnsNames: Set<string>;
  /** Distinct network namespace inodes found under /proc/<pid>/ns/net. */
  netnsInodes: Set<string>;
  /** Lines of the host mount table (this process's) that mention the data dir. */
  mounts: Set<string>;
  /** Open descriptors of this test process. */
  fdCount: number;
};

const CGROUP_ROOT = '/sys/fs/cgroup';
const OUR_NAMES = new Set(['bwrap', 'nsenter']);

export async function snapshotOurResources(scope: LeakScope = {}): Promise<Snapshot> {
  const uidBase = scope.uidBase ?? DEFAULT_SANDBOX_OPTIONS.uidBase;
  const uidLimit = scope.uidLimit ?? Number.POSITIVE_INFINITY;
  const processes = new Set<string>();
  const netnsInodes = new Set<string>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const status = await readFile(`/proc/${name}/status`, 'utf8').catch(() => '');
    const field = (f: string) => new RegExp(`^${f}:\\s*(\\S*)`, 'm').exec(status)?.[1] ?? '';
    const uid = Number(field('Uid'));
    const ours = uid >= uidBase && uid < uidLimit;
    if (status && field('State') !== 'Z' && (ours || (scope.uidLimit === undefined && OUR_NAMES.has(field('Name'))))) {
      processes.add(`${name} ${uid} ${field('Name')}`);
    }
    // With a uid block, only its processes' namespaces count: other test files' sandboxes run meanwhile in other blocks.
    const net = scope.uidLimit === undefined || ours ? await readlink(`/proc/${name}/ns/net`).catch(() => undefined) : undefined;
    if (net) netnsInodes.add(net);
  }
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  const mounts = new Set(scope.dataDir ? mountinfo.split('\n').filter((l) => l.includes(scope.dataDir!)) : []);
  return {
    processes,
    cgroups: new Set(
      [...(await sessionCgroups())].filter((dir) => {
        const uid = Number(/\/u(\d+)-[^/]*$/.exec(dir)?.[1] ?? NaN);
        return scope.uidLimit === undefined || (uid >= uidBase && uid < uidLimit);
      }),
    ),
    netnsNames: scope.uidLimit === undefined ? await netnsNames() : new Set<string>(),
    netnsInodes,
    mounts,
    fdCount: (await readdir('/proc/self/fd')).length,
  };
}

async function sessionCgroups(): Promise<Set<string>> {
  const hierarchies = [CGROUP_ROOT, ...(await readdir(CGROUP_ROOT).catch(() => [] as string[])).map((h) => path.join(CGROUP_ROOT, h))];
  const found = new Set<string>();
  for (const h of hierarchies) {
    const entries = await readdir(path.join(h, 'nslab'), { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory()) found.add(path.join(h, 'nslab', e.name));
  }
  return found;
}

async function netnsNames(): Promise<Set<string>> {
  try {
    const { stdout } = await promisify(execFile)('ip', ['netns', 'list']);
    return new Set(
      stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]!),
    );
  } catch {
    return new Set(); // no iproute2: nothing to compare
  }
}

/** What `after` has that `before` did not, one line per leak; empty when nothing leaked. */
export function diffResources(before: Snapshot, after: Snapshot): string[] {
  const added = (what: string, a: Set<string>, b: Set<string>) => [...b].filter((x) => !a.has(x)).map((x) => `${what}: ${x}`);
  const leaks = [
    ...added('process', before.processes, after.processes),
    ...added('cgroup', before.cgroups, after.cgroups),
    ...added('named network namespace', before.netnsNames, after.netnsNames),
    ...added('mount', before.mounts, after.mounts),
  ];
  // Other programs on the host may create network namespaces meanwhile; count only growth.
  if (after.netnsInodes.size > before.netnsInodes.size) {
    leaks.push(...added('network namespace', before.netnsInodes, after.netnsInodes));
  }
  if (after.fdCount > before.fdCount) leaks.push(`file descriptors: ${before.fdCount} -> ${after.fdCount}`);
  return leaks;
}

/** Retry until nothing leaked (dying processes take a moment), else throw with the list. */
export async function expectNoLeaks(before: Snapshot, scope: LeakScope = {}, settleMs = 3_000): Promise<void> {
  let leaks: string[] = [];
  await waitUntil(
    async () => (leaks = diffResources(before, await snapshotOurResources(scope))).length === 0,
    () => `nothing to leak; leaked:\n  ${leaks.join('\n  ')}`,
    settleMs,
  );
}
