// Real-sandbox tests (run as root) of warm sandboxes: launched ahead, handed out under the session's name, refilled, within the slots, nothing left behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, snapshotOurResources } from '../../../test/support/leaks';
import type { Sandbox } from '../machine';
import { createSandboxMachine, type SandboxMachine } from '../sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX, type SandboxOptions } from '../sandbox-options';
import { BwrapSandbox } from './bwrap-sandbox';

// A uid range of its own (sandbox-machine.test.ts uses the 11 blocks from +300).
const OPTIONS: SandboxOptions = { ...DEFAULT_SANDBOX_OPTIONS, uidBase: DEFAULT_SANDBOX_OPTIONS.uidBase + 320 * UIDS_PER_SANDBOX, maxSandboxes: 3, warmSandboxes: 2, tmpfsBytes: 16 * 1024 * 1024 };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nslab-warm-test-'));
const runId = `w${process.pid}`;
const v2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
const cgroupParent = v2 ? '/sys/fs/cgroup/nslab' : '/sys/fs/cgroup/pids/nslab';

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Our cgroups' names in the pids hierarchy (or the v2 tree), by uid range. */
function cgroupNames(m: SandboxMachine): string[] {
  return readdirSync(cgroupParent).filter((n) => {
    const uid = Number(/^u(\d+)-/.exec(n)?.[1] ?? NaN);
    return uid >= m.uidRange.uidBase && uid < m.uidRange.uidLimit;
  });
}

const procsOf = (name: string) =>
  readFileSync(path.join(cgroupParent, name, 'cgroup.procs'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(Number);

/** Warm sandboxes that are up: the outer bwrap, PID 1 and the keeper run in their cgroup (made just before them). */
const warmCount = (m: SandboxMachine) => cgroupNames(m).filter((n) => /-warm\d+$/.test(n) && procsOf(n).length >= 3).length;

async function open(m: SandboxMachine, name: string): Promise<Sandbox> {
  const opened = await m.openSandbox(`${runId}-${name}`);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

describe('warm sandboxes', () => {
  it('are launched after the stale cleanup, handed out under the session name, refilled, and all removed on dispose', async () => {
    const created = await createSandboxMachine({ ...OPTIONS, dataDir: path.join(tmp, 'a') });
    if (!created.ok) throw new Error(created.error.message);
    const m = created.value;
    const scope = { ...m.uidRange, dataDir: tmp };
    const before = await snapshotOurResources(scope);
    try {
      // Nothing starts before the stale cleanup (a crashed predecessor's leftovers may hold our uids):
      // the machine is made and its pool has not decided to launch (it is busy from that decision on).
      expect(m.warmPool).toMatchObject({ busy: false, readyCount: 0 });
      expect((await snapshotOurResources(scope)).processes.size).toBe(0);
      await m.cleanupStale();
      // The cleanup is what sets the pool going.
      expect(m.warmPool.busy).toBe(true);
      await expect.poll(() => warmCount(m), { timeout: 10_000 }).toBe(2);

      const warmPids = cgroupNames(m).flatMap(procsOf);
      const a = await open(m, 'a');
      expect(a).toBeInstanceOf(BwrapSandbox);
      // Handed out ready: its PID 1 is one of the warm sandboxes' processes, no bwrap start in the way.
      expect(warmPids).toContain((a as BwrapSandbox).anchorPid);
      if (!v2) expect(cgroupNames(m)).toContain(`u${(a as BwrapSandbox).hostUid}-${a.id}`);
      expect((await a.exec(['sh', '-c', 'id -u; hostname; cat /proc/self/cgroup'])).stdout).toMatch(v2 ? /^0\nlab\n/ : new RegExp(`^0\\nlab\\n[^]*pids:/nslab/u\\d+-${a.id}\\n`));
      // The third slot refills the pool; then every slot is taken.
      await expect.poll(() => warmCount(m), { timeout: 10_000 }).toBe(2);

      // Two more sessions take the warm ones; a fourth finds no slot at all.
      const b = await open(m, 'b');
      const c = await open(m, 'c');
      const d = await m.openSandbox(`${runId}-d`);
      expect(!d.ok && d.error.code).toBe('limit_reached');
      // A session that ends frees its slot for a warm sandbox.
      await b.dispose();
      await expect.poll(() => warmCount(m), { timeout: 10_000 }).toBe(1);
      await c.dispose();
      await a.dispose();
    } finally {
      await m.dispose();
    }
    expect(cgroupNames(m)).toEqual([]);
    await expectNoLeaks(before, scope);
  });

  it('a warm sandbox that died meanwhile is never handed out', async () => {
    const created = await createSandboxMachine({ ...OPTIONS, warmSandboxes: 1, dataDir: path.join(tmp, 'b') });
    if (!created.ok) throw new Error(created.error.message);
    const m = created.value;
    const scope = { ...m.uidRange, dataDir: tmp };
    const before = await snapshotOurResources(scope);
    try {
      await m.cleanupStale();
      await expect.poll(() => warmCount(m), { timeout: 10_000 }).toBe(1);
      // Kill the warm sandbox's PID 1 (the pids cgroup lists the outer bwrap first, then PID 1 and its keeper).
      const warm = cgroupNames(m).find((n) => n.endsWith('-warm0'))!;
      const pids = procsOf(warm);
      expect(pids.length).toBeGreaterThanOrEqual(3);
      // Killing the outer bwrap takes the others with it (--die-with-parent): one already gone is fine.
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
        }
      }
      const alive = () => {
        try {
          return procsOf(warm).length;
        } catch {
          return 0; // the cgroup itself is gone
        }
      };
      await expect.poll(alive, { timeout: 10_000 }).toBe(0);
      const s = await open(m, 'after-death');
      // The whole result, so that a failure shows why (stderr, exit code) and not only an empty stdout.
      expect(await s.exec(['echo', 'alive'])).toMatchObject({ exitCode: 0, stdout: 'alive\n' });
      await s.dispose();
    } finally {
      await m.dispose();
    }
    await expectNoLeaks(before, scope);
  });

  it('with 0 warm sandboxes, launches none', async () => {
    const created = await createSandboxMachine({ ...OPTIONS, warmSandboxes: 0, dataDir: path.join(tmp, 'c') });
    if (!created.ok) throw new Error(created.error.message);
    const m = created.value;
    try {
      await m.cleanupStale();
      const s = await open(m, 'cold');
      // Opening asked the pool to refill, and it decided at once: nothing to launch.
      expect(m.warmPool).toMatchObject({ busy: false, readyCount: 0 });
      expect(cgroupNames(m)).toEqual(v2 ? [expect.stringMatching(/^u\d+-/)] : [`u${(s as BwrapSandbox).hostUid}-${s.id}`]);
      await s.dispose();
      // So did the freed slot.
      expect(m.warmPool).toMatchObject({ busy: false, readyCount: 0 });
      expect(cgroupNames(m)).toEqual([]);
    } finally {
      await m.dispose();
    }
  });
});
