// Real-sandbox tests (run as root): every process of a sandbox sits in its cpu cgroup with the equal weight and the cap, and a busy loop inside is throttled.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IPty } from 'node-pty';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, snapshotOurResources, type Snapshot } from '../../../test/support/leaks';
import { waitUntil } from '../../../test/support/wait';
import type { Sandbox } from '../machine';
import { listProcesses } from '../proc-table';
import { createSandboxMachine, type SandboxMachine } from '../sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX, type SandboxOptions } from '../sandbox-options';
import { BwrapSandbox } from './bwrap-sandbox';
import { stripEscapes } from '../../terminals/output-log';
import { detectCgroupLayout, type CgroupLayout } from './cgroups';
import { CPU_PERIOD_US, parseCpuStat } from './cgroups/cpu';

/** A quarter of a CPU: a single busy loop needs four times that, so it must be throttled. */
const CPUS = 0.25;
// A uid range of its own, so these tests never share uids with sandboxes other test files run meanwhile.
const OPTIONS: SandboxOptions = { ...DEFAULT_SANDBOX_OPTIONS, uidBase: DEFAULT_SANDBOX_OPTIONS.uidBase + 340 * UIDS_PER_SANDBOX, maxSandboxes: 2, cpus: CPUS, tmpfsBytes: 8 * 1024 * 1024 };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nslab-cpu-test-'));
const runId = `c${process.pid}`;
let machine: SandboxMachine;
let layout: CgroupLayout;
let before: Snapshot;
const toDispose: { dispose(): Promise<void> }[] = [];

/** Where the cpu controller lives: the v2 tree, or the v1 `cpu` hierarchy. */
const cpuRoot = () => (layout.version === 2 ? layout.root : layout.cpuRoot);
const hasCpu = () => (layout.version === 2 ? layout.controllers.has('cpu') : !!layout.cpuRoot);

/** The cgroup directory of `pid` in the cpu hierarchy, read from /proc/PID/cgroup (cgroup(7)). */
function cpuCgroupOf(pid: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
  } catch {
    return undefined; // exited meanwhile
  }
  for (const line of text.split('\n')) {
    const [, controllers, where] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (where === undefined) continue;
    const ours = layout.version === 2 ? controllers === '' : controllers!.split(',').includes('cpu');
    if (ours) return path.join(cpuRoot()!, where);
  }
  return undefined;
}

const children = (pid: number): number[] => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

/** The host pids of a pty's program and its children (the join's nsenter and the shell it forked). */
const ptyProcesses = (p: IPty): number[] => [p.pid, ...children(p.pid)];

async function openSandbox(name: string): Promise<BwrapSandbox> {
  const opened = await machine.openSandbox(`${runId}-${name}`);
  if (!opened.ok) throw new Error(opened.error.message);
  toDispose.push(opened.value);
  if (!(opened.value instanceof BwrapSandbox)) throw new Error('not a bubblewrap sandbox');
  return opened.value;
}

/** A shell joined to the sandbox, its prompt printed. */
async function openShell(sandbox: Sandbox): Promise<{ pty: IPty; type(line: string): void }> {
  const spawned = sandbox.spawnShell({ cols: 100, rows: 30 });
  if (!spawned.ok) throw new Error(spawned.error.message);
  const pty = spawned.value;
  toDispose.push({ dispose: async () => pty.kill() });
  let out = '';
  pty.onData((d: string | Buffer) => (out += d.toString()));
  const plain = () => stripEscapes(out);
  await waitUntil(() => /root@lab:~# $/.test(plain()), 'the shell prompt', 10_000).catch((e: Error) => {
    throw new Error(`${e.message}; got ${JSON.stringify(out)}`);
  });
  // nsenter forks the shell into the sandbox's pid namespace: wait until that child is there.
  await waitUntil(() => children(pty.pid).length > 0, "the shell's process");
  return { pty, type: (line) => pty.write(`${line}\r`) };
}

beforeAll(async () => {
  const detected = await detectCgroupLayout();
  if (!detected) throw new Error('no cgroup controllers mounted');
  const created = await createSandboxMachine({ ...OPTIONS, dataDir: path.join(tmp, 'data') });
  if (!created.ok) throw new Error(created.error.message);
  machine = created.value;
  layout = detected;
  before = await snapshotOurResources({ ...machine.uidRange, dataDir: tmp });
});

afterEach(async () => {
  await Promise.all(toDispose.splice(0).map((d) => d.dispose()));
});

afterAll(async () => {
  try {
    await machine?.dispose();
    await expectNoLeaks(before, { ...machine.uidRange, dataDir: tmp });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

describe('CPU limits of a sandbox', () => {
  it('the host has a cpu controller to limit with, and the machine says what it limits', () => {
    // Without one the sandbox machine only warns; this host (and any the lab is tested on) must have it.
    expect(hasCpu()).toBe(true);
    // The startup log line names the limit.
    expect(machine.describe()).toMatch(/limits: pids, memory, cpu \(0\.25 CPUs per sandbox, equal weight\)/);
  });

  it('puts the first shell, a joined second terminal and a busy loop in one cpu cgroup with the equal weight and the cap, and throttles the loop', async () => {
    const sandbox = await openSandbox('hog');
    const dir = cpuCgroupOf(sandbox.anchorPid);
    expect(dir).toMatch(new RegExp(`/nslab/u${sandbox.hostUid}-${runId}-hog$`));
    const read = (file: string) => readFileSync(path.join(dir!, file), 'utf8').trim();
    const quota = String(CPUS * CPU_PERIOD_US);
    if (layout.version === 2) {
      expect(read('cpu.weight')).toBe('100');
      expect(read('cpu.max')).toBe(`${quota} ${CPU_PERIOD_US}`);
    } else {
      expect(read('cpu.shares')).toBe('1024');
      expect(read('cpu.cfs_quota_us')).toBe(quota);
      expect(read('cpu.cfs_period_us')).toBe(String(CPU_PERIOD_US));
    }

    const first = await openShell(sandbox);
    const second = await openShell(sandbox);
    for (const pid of [...ptyProcesses(first.pty), ...ptyProcesses(second.pty)]) expect(cpuCgroupOf(pid), `pid ${pid}`).toBe(dir);

    const throttledBefore = parseCpuStat(read('cpu.stat')).throttled;
    // The classic way out of a terminal's reach: a new session of its own, detached from the shell.
    second.type(`setsid sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 &`);
    const sandboxUids = (uid: number) => uid >= sandbox.hostUid && uid < sandbox.hostUid + UIDS_PER_SANDBOX;
    let hog: number | undefined;
    await waitUntil(() => {
      hog ??= hogPid(sandboxUids);
      return hog !== undefined;
    }, 'the busy loop to start');
    expect(cpuCgroupOf(hog!)).toBe(dir);
    // Every process running as one of the sandbox's uids is in that cgroup: nothing got out.
    const outside = (await listProcesses())
      .filter((p) => sandboxUids(p.uid) && p.state !== 'Z')
      .map((p) => ({ ...p, cgroup: cpuCgroupOf(p.pid) }))
      .filter((p) => p.cgroup !== undefined && p.cgroup !== dir);
    expect(outside).toEqual([]);
    // The cap is in force: the kernel holds the loop back in period after period.
    await waitUntil(() => parseCpuStat(read('cpu.stat')).throttled >= throttledBefore + 3, 'the kernel to throttle the busy loop', 10_000);

    await sandbox.dispose();
    expect(existsSync(dir!)).toBe(false);
  });

  it("cleanupStale removes a crashed server's cgroup in the cpu hierarchy with the process in it", async () => {
    const uid = machine.uidRange.uidBase + UIDS_PER_SANDBOX;
    const staleDir = path.join(cpuRoot()!, 'nslab', `u${uid}-${runId}-stale`);
    mkdirSync(staleDir, { recursive: true });
    const inCgroup = spawn('sh', ['-c', `echo $$ > ${staleDir}/cgroup.procs && exec sleep 1000`], { stdio: 'ignore' });
    const exited = new Promise((resolve) => inCgroup.once('exit', resolve));
    try {
      await waitUntil(() => readFileSync(path.join(staleDir, 'cgroup.procs'), 'utf8').trim() !== '', 'the stray to join the stale cgroup');
      await machine.cleanupStale();
      await exited;
      expect(existsSync(staleDir)).toBe(false);
    } finally {
      inCgroup.kill('SIGKILL');
      if (existsSync(staleDir)) rmdirSync(staleDir);
    }
  });
});

/** The host pid of the sandbox's busy loop (`sh -c 'while :; do :; done'`), once it runs. */
function hogPid(ours: (uid: number) => boolean): number | undefined {
  for (const name of readdirPids()) {
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      if (ours(uid) && readFileSync(`/proc/${name}/cmdline`, 'utf8') === 'sh\0-c\0while :; do :; done\0') return Number(name);
    } catch {
      // exited while we looked
    }
  }
  return undefined;
}

const readdirPids = (): string[] => readdirSync('/proc').filter((n) => /^\d+$/.test(n));
