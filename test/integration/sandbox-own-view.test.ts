// A learner, root in their sandbox, cannot uncover the host's /sys: no cgroup tree, no other session, no host network device.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../server/machine/machine';
import { createSandboxMachine, type SandboxMachine } from '../../server/machine/sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX, type SandboxOptions } from '../../server/machine/sandbox-options';
import { expectNoLeaks, snapshotOurResources, type Snapshot } from '../support/leaks';

const OPTIONS: SandboxOptions = { ...DEFAULT_SANDBOX_OPTIONS, uidBase: DEFAULT_SANDBOX_OPTIONS.uidBase + 360 * UIDS_PER_SANDBOX, maxSandboxes: 2, warmSandboxes: 0, tmpfsBytes: 8 * 1024 * 1024 };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nslab-own-view-'));
const runId = `v${process.pid}`;
let machine: SandboxMachine;
let before: Snapshot;
let scope: { uidBase: number; uidLimit: number };
let learner: Sandbox;
let neighbour: Sandbox;

/** The host's network devices, with their MAC addresses (those not all zeros). */
const hostDevices = readdirSync('/sys/class/net').map((name) => {
  let mac = '';
  try {
    mac = readFileSync(`/sys/class/net/${name}/address`, 'utf8').trim();
  } catch {
    // A device without an address file: only its name can leak.
  }
  return { name, mac: /^[0:]*$/.test(mac) ? '' : mac };
});

async function sh(sandbox: Sandbox, script: string) {
  const r = await sandbox.exec(['/bin/sh', '-c', script], { timeoutMs: 60_000 });
  return { ...r, out: r.stdout };
}

beforeAll(async () => {
  const created = await createSandboxMachine({ ...OPTIONS, dataDir: path.join(tmp, 'data') });
  if (!created.ok) throw new Error(created.error.message);
  machine = created.value;
  scope = machine.uidRange;
  before = await snapshotOurResources({ ...scope, dataDir: tmp });
  const open = async (name: string) => {
    const opened = await machine.openSandbox(`${runId}-${name}`);
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value;
  };
  [learner, neighbour] = await Promise.all([open('learner'), open('neighbour')]);
});

afterAll(async () => {
  try {
    await Promise.all([learner?.dispose(), neighbour?.dispose()]);
    await machine?.dispose();
    await expectNoLeaks(before, { ...scope, dataDir: tmp });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

describe("the sandbox's /sys", () => {
  it("lists the sandbox's own network devices, none of the host's", async () => {
    expect(hostDevices.some((d) => d.name !== 'lo')).toBe(true);
    const made = await sh(learner, 'ip link add mine-a type veth peer name mine-b');
    expect(made.exitCode, made.stderr).toBe(0);
    expect((await sh(learner, 'ls /sys/class/net')).out).toBe('lo\nmine-a\nmine-b\n');
    const sysfsMac = (await sh(learner, 'cat /sys/class/net/mine-a/address')).out.trim();
    expect((await sh(learner, 'ip -br link show mine-a')).out).toContain(sysfsMac);
  });

  it('uncovers nothing of the host when its mounts are taken away, one by one', async () => {
    const secrets = [...hostDevices.flatMap((d) => (d.name === 'lo' ? [] : [d.name])), ...hostDevices.flatMap((d) => (d.mac ? [d.mac] : [])), 'nslab/', neighbour.id];
    // Every listing after each unmount: mounts, the cgroup directory, the devices, and every readable file's text.
    const look = `grep sysfs /proc/self/mountinfo; ls -A /sys/fs/cgroup; ls -A /sys/class/net; timeout 60 grep -rsIl ${secrets.map((s) => `-e '${s}'`).join(' ')} /sys; echo done`;
    const r = await sh(learner, `umount /sys/fs/cgroup; ${look}; for i in 1 2 3 4; do umount -l /sys; ${look}; done`);
    expect(r.out).toMatch(/done\n$/);
    // The first unmount finds no cgroup mount to take away; the last ones find nothing left.
    expect(r.stderr).toMatch(/\/sys\/fs\/cgroup: not mounted/);
    expect(r.stderr).toMatch(/\/sys: not mounted/);
    for (const secret of secrets) expect(r.out, secret).not.toContain(secret);
    expect(r.out).not.toMatch(/cgroup|tmpfs/);
  });

  it('still lets `ip netns exec` mount a sysfs of the named namespace, and mounts nothing of the host', async () => {
    const r = await sh(neighbour, 'set -e; ip netns add red; ip link add in-red type veth peer name out-red; ip link set in-red netns red; ip netns exec red ls /sys/class/net; ls /sys/class/net');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.out).toBe('in-red\nlo\nlo\nout-red\n');
    const mounts = await sh(neighbour, "unshare --mount --net sh -ec 'mount -t sysfs sysfs /mnt; ls /mnt/class/net; ls -A /mnt/fs/cgroup'");
    expect(mounts.exitCode, mounts.stderr).toBe(0);
    expect(mounts.out).toBe('lo\n');
  });
});
