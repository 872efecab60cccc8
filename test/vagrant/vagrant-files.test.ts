// The VM's files: the provisioning script and the test box's build script pass shellcheck, and the Vagrantfile validates (where Vagrant is installed).
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;

describe('vagrant/', () => {
  it.each(['vagrant/provision.sh', 'test/vagrant/build-box.sh'])('%s passes shellcheck', (script) => {
    const run = spawnSync('shellcheck', [script], { encoding: 'utf8' });
    expect(run.error, 'shellcheck is not installed: apt-get install -y shellcheck').toBeUndefined();
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.skipIf(!has('vagrant'))('the Vagrantfile validates', () => {
    const out = execFileSync('vagrant', ['validate'], { cwd: 'vagrant', encoding: 'utf8', env: { ...process.env, VAGRANT_CHECKPOINT_DISABLE: '1' } });
    expect(out).toMatch(/validated successfully/i);
  });
});
