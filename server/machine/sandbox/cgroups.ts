// Per-sandbox cgroups under nslab/<id>: pids, memory and CPU limits on cgroup v1 or v2, joining, killing and removal.
import { access, mkdir, readdir, readFile, realpath, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { killPids, sleep } from '../proc-table';
import { writeCpuLimitsV1, writeCpuLimitsV2, writeParentCpuWeight } from './cgroups/cpu';

const CGROUP_ROOT = '/sys/fs/cgroup';
/** Parent of every session cgroup, in each hierarchy. */
export const CGROUP_PARENT = 'nslab';
/**
 * How long dispose waits for a cgroup's processes to die before giving up (in milliseconds). Usually
 * a few milliseconds; a process holding tens of thousands of ptys or files (all a sandbox's memory
 * allows) takes seconds to release them after SIGKILL.
 */
const KILL_WAIT_MS = 30_000;

/** A sandbox's limits: processes, memory (in bytes) and CPUs (a cap in CPUs, fractions allowed; every sandbox has the same weight). */
export type CgroupLimits = { pidsMax: number; memoryBytes: number; cpus: number };

/** The controllers nslab limits a sandbox with. */
const CONTROLLERS = ['pids', 'memory', 'cpu'] as const;

/** Where the limits live: one v2 tree, or the v1 pids, memory and cpu hierarchies (any may be absent). */
export type CgroupLayout = { version: 2; root: string; controllers: Set<string> } | { version: 1; pidsRoot?: string; memoryRoot?: string; cpuRoot?: string };

export async function detectCgroupLayout(): Promise<CgroupLayout | undefined> {
  const exists = (p: string) =>
    access(p).then(
      () => true,
      () => false,
    );
  if (await exists(path.join(CGROUP_ROOT, 'cgroup.controllers'))) {
    const list = await readFile(path.join(CGROUP_ROOT, 'cgroup.controllers'), 'utf8');
    return { version: 2, root: CGROUP_ROOT, controllers: new Set(list.trim().split(/\s+/)) };
  }
  const pids = path.join(CGROUP_ROOT, 'pids');
  const memory = path.join(CGROUP_ROOT, 'memory');
  // `cpu` is often mounted together with cpuacct (`cpu,cpuacct`, with `cpu` a link to it).
  const cpu = path.join(CGROUP_ROOT, 'cpu');
  const layout: CgroupLayout = { version: 1 };
  if (await exists(path.join(pids, 'cgroup.procs'))) layout.pidsRoot = pids;
  if (await exists(path.join(memory, 'memory.limit_in_bytes'))) layout.memoryRoot = memory;
  if (await exists(path.join(cpu, 'cpu.cfs_quota_us'))) layout.cpuRoot = cpu;
  return layout.pidsRoot || layout.memoryRoot || layout.cpuRoot ? layout : undefined;
}

const v1Roots = (layout: CgroupLayout & { version: 1 }) => ({ pids: layout.pidsRoot, memory: layout.memoryRoot, cpu: layout.cpuRoot });

/** Controllers the layout lacks, for a one-time warning. */
export function missingControllers(layout: CgroupLayout): string[] {
  const has = layout.version === 2 ? (c: (typeof CONTROLLERS)[number]) => layout.controllers.has(c) : (c: (typeof CONTROLLERS)[number]) => !!v1Roots(layout)[c];
  return CONTROLLERS.filter((c) => !has(c));
}

/** E.g. "cgroup v1 limits: pids, memory, cpu (1 CPU per sandbox, equal weight)", for the startup log and errors. */
export function describeLayout(layout: CgroupLayout, limits?: Pick<CgroupLimits, 'cpus'>): string {
  const missing = missingControllers(layout);
  const present = CONTROLLERS.filter((c) => !missing.includes(c)).map((c) => (c === 'cpu' && limits ? `cpu (${limits.cpus} CPU${limits.cpus === 1 ? '' : 's'} per sandbox, equal weight)` : c));
  return `cgroup v${layout.version} limits: ${present.join(', ') || 'none'}${missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''}`;
}

/** The session's cgroup directories (one per hierarchy). */
export function sessionCgroupDirs(layout: CgroupLayout, id: string): string[] {
  if (layout.version === 2) return [path.join(layout.root, CGROUP_PARENT, id)];
  return Object.values(v1Roots(layout))
    .filter((r): r is string => !!r)
    .map((r) => path.join(r, CGROUP_PARENT, id));
}

/**
 * Makes the nslab/ parent in every hierarchy, with the default CPU weight, once at start. On v2 it
 * also enables the controllers for the subtree. pids and memory must be enabled (their limits keep
 * the host safe: failing to enable them fails the start); `cpu` may be refused (v2 refuses it while
 * real-time threads run outside the root cgroup, and a container may not delegate it): then it is
 * dropped from the layout and reported, and sandboxes start without the CPU limit.
 */
export async function prepareCgroupParent(layout: CgroupLayout): Promise<{ layout: CgroupLayout; problems: string[] }> {
  const problems: string[] = [];
  if (layout.version === 2) {
    const controllers = new Set(layout.controllers);
    const parent = path.join(layout.root, CGROUP_PARENT);
    await mkdir(parent, { recursive: true });
    for (const c of CONTROLLERS.filter((c) => controllers.has(c))) {
      try {
        await writeFile(path.join(layout.root, 'cgroup.subtree_control'), `+${c}`);
        await writeFile(path.join(parent, 'cgroup.subtree_control'), `+${c}`);
      } catch (e) {
        if (c !== 'cpu') throw e;
        controllers.delete(c);
        problems.push(`could not enable the cpu controller for ${parent} (${(e as Error).message}): sandboxes run without a CPU weight or cap`);
      }
    }
    if (controllers.has('cpu')) await writeParentCpuWeight(2, parent);
    return { layout: { ...layout, controllers }, problems };
  }
  for (const root of [layout.pidsRoot, layout.memoryRoot]) if (root) await mkdir(path.join(root, CGROUP_PARENT), { recursive: true });
  if (!layout.cpuRoot) return { layout, problems };
  const parent = path.join(layout.cpuRoot, CGROUP_PARENT);
  try {
    await mkdir(parent, { recursive: true });
    await writeParentCpuWeight(1, parent);
    return { layout, problems };
  } catch (e) {
    problems.push(`could not set up ${parent} (${(e as Error).message}): sandboxes run without a CPU weight or cap`);
    return { layout: { ...layout, cpuRoot: undefined }, problems };
  }
}

/** Create the session's cgroups with limits; returns the cgroup.procs files a process writes its pid to, to join. */
export async function createSessionCgroups(layout: CgroupLayout, id: string, limits: CgroupLimits): Promise<string[]> {
  if (layout.version === 2) {
    const parent = path.join(layout.root, CGROUP_PARENT);
    const enable = CONTROLLERS.filter((c) => layout.controllers.has(c))
      .map((c) => `+${c}`)
      .join(' ');
    if (enable) await writeFile(path.join(layout.root, 'cgroup.subtree_control'), enable);
    await mkdir(parent, { recursive: true });
    if (enable) await writeFile(path.join(parent, 'cgroup.subtree_control'), enable);
    const dir = path.join(parent, id);
    await mkdir(dir);
    if (layout.controllers.has('pids')) await writeFile(path.join(dir, 'pids.max'), String(limits.pidsMax));
    if (layout.controllers.has('memory')) {
      await writeFile(path.join(dir, 'memory.max'), String(limits.memoryBytes));
      await writeIfPresent(path.join(dir, 'memory.swap.max'), '0');
    }
    if (layout.controllers.has('cpu')) await writeCpuLimitsV2(dir, limits.cpus);
    return [path.join(dir, 'cgroup.procs')];
  }
  const procs: string[] = [];
  if (layout.pidsRoot) {
    const dir = path.join(layout.pidsRoot, CGROUP_PARENT, id);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'pids.max'), String(limits.pidsMax));
    procs.push(path.join(dir, 'cgroup.procs'));
  }
  if (layout.memoryRoot) {
    const dir = path.join(layout.memoryRoot, CGROUP_PARENT, id);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'memory.limit_in_bytes'), String(limits.memoryBytes));
    // memsw (memory + swap) equal to the memory limit means no swap; absent when swap accounting is off.
    await writeIfPresent(path.join(dir, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
    procs.push(path.join(dir, 'cgroup.procs'));
  }
  if (layout.cpuRoot) {
    const dir = path.join(layout.cpuRoot, CGROUP_PARENT, id);
    await mkdir(dir, { recursive: true });
    await writeCpuLimitsV1(dir, limits.cpus);
    procs.push(path.join(dir, 'cgroup.procs'));
  }
  return procs;
}

async function writeIfPresent(file: string, value: string): Promise<void> {
  try {
    await writeFile(file, value, { flag: 'r+' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

async function readPids(dir: string): Promise<number[]> {
  try {
    const text = await readFile(path.join(dir, 'cgroup.procs'), 'utf8');
    return text.split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // the cgroup is already gone
  }
}

/** Kill every process in a cgroup directory (v2: cgroup.kill; else SIGKILL until empty), then remove it. */
export async function destroyCgroup(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'cgroup.kill'), '1', { flag: 'r+' }).catch(() => {
    // No cgroup.kill (cgroup v1, or a v2 kernel before 5.14): the loop below does it by hand.
  });
  const deadline = Date.now() + KILL_WAIT_MS;
  for (;;) {
    const pids = await readPids(dir);
    if (pids.length === 0) {
      try {
        await rmdir(dir);
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return;
        // EBUSY: dying tasks still attached for a moment; retry until the deadline.
        if (code !== 'EBUSY' || Date.now() > deadline) throw e;
      }
    } else if (Date.now() > deadline) {
      throw new Error(`processes ${pids.join(' ')} in ${dir} survived SIGKILL`);
    }
    killPids(pids);
    await sleep(5);
  }
}

/** Every session cgroup under nslab/ in every mounted hierarchy (v1 and v2), for stale cleanup and leak checks. */
export async function listAllSessionCgroups(): Promise<string[]> {
  const entries = [CGROUP_ROOT, ...(await readdir(CGROUP_ROOT).catch(() => [] as string[])).map((h) => path.join(CGROUP_ROOT, h))];
  // `cpu` and `cpuacct` are often links to one `cpu,cpuacct` hierarchy: list each hierarchy once.
  const roots = new Set(await Promise.all(entries.map((e) => realpath(e).catch(() => e))));
  const found: string[] = [];
  for (const root of roots) {
    const parent = path.join(root, CGROUP_PARENT);
    const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory()) found.push(path.join(parent, e.name));
  }
  return found;
}
