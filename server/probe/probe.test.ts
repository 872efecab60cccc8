// The probe on real nested namespaces in a real sandbox: processes, namespace inodes, NSpid chains, maps, terminals.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabMachine, Sandbox } from '../machine/machine';
import { createSandboxMachine } from '../machine/sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX } from '../machine/sandbox-options';
import { ProcessTree } from '../../core/probe/process-tree';
import { probeProcesses } from './run-probe';

describe('probeProcesses', () => {
  let machine: LabMachine;
  let sandbox: Sandbox;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-probe-'));

  beforeAll(async () => {
    const uidBase = DEFAULT_SANDBOX_OPTIONS.uidBase + (3000 + (process.pid % 200)) * UIDS_PER_SANDBOX;
    const m = await createSandboxMachine({ ...DEFAULT_SANDBOX_OPTIONS, uidBase, maxSandboxes: 2, dataDir });
    if (!m.ok) throw new Error(m.error.message);
    machine = m.value;
    const s = await machine.openSandbox(`probe-${process.pid}`);
    if (!s.ok) throw new Error(s.error.message);
    sandbox = s.value;
  });

  afterAll(async () => {
    await machine?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sees the sandbox: bwrap as PID 1, the keeper, and nothing of the host', async () => {
    const snapshot = await probeProcesses(sandbox);
    expect(snapshot.ok).toBe(true);
    if (!snapshot.ok) return;
    const pid1 = snapshot.value.processes.find((p) => p.pid === 1)!;
    expect(pid1.comm).toBe('bwrap');
    expect(Object.keys(pid1.ns).sort()).toEqual(['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user', 'uts']);
    expect(pid1.uidMap).toMatch(/^0 \d+ 65536$/);
    expect(snapshot.value.processes.length).toBeLessThan(6);
    expect(snapshot.value.processes.some((p) => p.pid === snapshot.value.self)).toBe(false);
  });

  it('sees nested namespaces, NSpid chains and which terminal started what', async () => {
    const shell = sandbox.spawnShell({ cols: 80, rows: 24 }, { NSLAB_TERMINAL: 'one' });
    if (!shell.ok) throw new Error(shell.error.message);
    const pty = shell.value;
    try {
      pty.write(`unshare --uts --pid --fork --mount-proc bash -c 'hostname inner; exec sleep 300' &\r`);
      let tree: ProcessTree | undefined;
      await expect
        .poll(async () => {
          const s = await probeProcesses(sandbox);
          tree = s.ok ? new ProcessTree(s.value) : undefined;
          return tree?.processes.find((p) => p.comm === 'sleep' && p.nspid.length === 2)?.nspid.at(-1);
        })
        .toBe(1);
      const sleeper = tree!.processes.find((p) => p.comm === 'sleep' && p.nspid.length === 2)!;
      expect(tree!.terminal(sleeper)).toBe('one');
      expect(tree!.isNew(sleeper, 'uts')).toBe(true);
      expect(tree!.isNew(sleeper, 'pid')).toBe(true);
      expect(tree!.isNew(sleeper, 'net')).toBe(false);
      expect(tree!.foreground('one', 'sleep')?.pid).toBe(sleeper.pid);
      const keeper = tree!.processes.find((p) => p.pid === 2)!;
      expect(tree!.terminal(keeper)).toBeNull();
    } finally {
      pty.kill('SIGKILL');
    }
  });

  it('leaves out its own processes, even those of another probe running at the same time', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => probeProcesses(sandbox)));
    for (const run of runs) {
      expect(run.ok).toBe(true);
      if (!run.ok) continue;
      expect(run.value.processes.filter((p) => ['awk', 'grep', 'ls', 'tr', 'env'].includes(p.comm) || p.args.includes('/bin/sh -s'))).toEqual([]);
    }
  });
});
