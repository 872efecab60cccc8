// The vagrant machine's failures, for real: no Vagrant on the PATH, no usable provider, no Vagrantfile — each said plainly, and the lab keeps serving.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabMachine, MachineStatus } from '../../server/machine/machine';
import { createVagrantMachine } from '../../server/machine/vagrant/vagrant-machine';
import { stringMatching } from '../support/matchers';

const hasVagrant = spawnSync('sh', ['-c', 'command -v vagrant']).status === 0;
const LIMITS = { pidsMax: 64, memoryBytes: 64 * 1024 * 1024, tmpfsBytes: 8 * 1024 * 1024, maxSessions: 2 };

describe('the vagrant machine', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  /** A vagrant machine on `dir`, and the status it settles on after its first boot attempt. */
  async function settle(dir: string, env: Record<string, string | undefined> = {}): Promise<{ machine: LabMachine; status: MachineStatus }> {
    const setEnv = (values: Record<string, string | undefined>) => {
      for (const [k, v] of Object.entries(values)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    setEnv(env);
    cleanups.push(() => setEnv(saved));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-vm-test-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const machine = createVagrantMachine({ dir, dataDir, instance: 'vmtest', limits: LIMITS, upTimeoutMs: 60_000 });
    cleanups.push(() => machine.dispose());
    const settled = new Promise<MachineStatus>((resolve) => machine.onStatus?.((s) => s.state !== 'starting' && resolve(s)));
    await machine.cleanupStale();
    // A session asked for meanwhile is told the machine is starting, not refused for good.
    const early = await machine.openSandbox('early');
    expect(early).toMatchObject({ ok: false, error: { code: 'machine_starting' } });
    return { machine, status: await settled };
  }

  it('says how to install Vagrant when it is missing', async () => {
    const { status } = await settle(path.resolve('vagrant'), { PATH: '/nonexistent' });
    expect(status.state).toBe('failed');
    expect(status.summary).toMatch(/Vagrant is not installed.*apt-get install vagrant/);
  });

  it.skipIf(!hasVagrant)('says the provider cannot run here, and tries again when asked', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-vm-dir-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync('vagrant', dir, { recursive: true });
    const { machine, status } = await settle(dir, { VAGRANT_DEFAULT_PROVIDER: 'virtualbox', VAGRANT_DOTFILE_PATH: path.join(dir, '.vagrant') });
    expect(status.state).toBe('failed');
    expect(status.summary).toMatch(/provider cannot run here.*VirtualBox/);
    const retry = await machine.openSandbox('again');
    expect(retry).toMatchObject({ ok: false, error: { code: 'machine_starting', message: stringMatching(/failed to start.*trying again/) } });
  });

  it.skipIf(!hasVagrant)('says when the directory has no Vagrantfile', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-vm-empty-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { status } = await settle(dir, { VAGRANT_CWD: undefined });
    expect(status.state).toBe('failed');
    expect(status.summary, status.summary).toMatch(/no Vagrantfile.*NSLAB_VAGRANT_DIR/);
  });
});
