// Run by `npm run test:vagrant` once the VM is up: reaches it as the lab does (`vagrant ssh-config` once, then OpenSSH) and makes a UTS namespace there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Vagrant loads Ruby and asks libvirt for the VM's address (in milliseconds). */
const SSH_CONFIG_TIMEOUT_MS = 60_000;
/** One command over a fresh SSH connection to an emulated VM (in milliseconds). */
const SSH_COMMAND_TIMEOUT_MS = 30_000;

const dir = mkdtempSync(join(tmpdir(), 'nslab-lab-in-vm-'));
try {
  const vagrantDir = process.env.NSLAB_VAGRANT_DIR;
  if (!vagrantDir) throw new Error('NSLAB_VAGRANT_DIR is not set: run this through `npm run test:vagrant`');
  const configFile = join(dir, 'ssh-config');
  writeFileSync(configFile, execFileSync('vagrant', ['ssh-config'], { cwd: vagrantDir, encoding: 'utf8', timeout: SSH_CONFIG_TIMEOUT_MS }));
  const remote = "sudo -n unshare --uts sh -c 'hostname x; hostname'";
  const out = execFileSync('ssh', ['-F', configFile, '-o', 'BatchMode=yes', 'default', '--', remote], { encoding: 'utf8', timeout: SSH_COMMAND_TIMEOUT_MS });
  if (out.trim() !== 'x') throw new Error(`a new UTS namespace in the VM should report hostname "x", got ${JSON.stringify(out.trim())}`);
  console.log('lab-in-vm: a UTS namespace made in the VM has its own hostname');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
