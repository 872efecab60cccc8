// Runs the `vagrant` command for the Vagrant machine: its version, the VM's state, `vagrant up` with progress, and `vagrant ssh-config`.
import { spawn } from 'node:child_process';
import { err, ok, type Result } from '../../../core/result';
import { asProcessEnv, runCaptured } from '../run-captured';

const QUICK_TIMEOUT_MS = 60_000;

/** `vagrant` in `dir`, never phoning home for updates. */
const vagrantEnv = () => ({ ...process.env, VAGRANT_CHECKPOINT_DISABLE: '1' });

async function vagrant(dir: string, args: string[], timeoutMs = QUICK_TIMEOUT_MS) {
  return runCaptured({ file: 'vagrant', args, env: vagrantEnv(), cwd: dir }, { timeoutMs });
}

export async function vagrantVersion(dir: string): Promise<Result<string, string>> {
  const run = await vagrant(dir, ['--version']);
  if (run.exitCode === null)
    return err(
      'Vagrant is not installed. Install it (Debian/Ubuntu: apt-get install vagrant; elsewhere: the installer from the Vagrant project) with a provider (VirtualBox, or libvirt with the vagrant-libvirt plugin), or run the lab with NSLAB_MACHINE=sandbox on Linux.',
    );
  if (run.exitCode !== 0) return err(`vagrant --version failed: ${run.stderr.trim().slice(0, 300)}`);
  return ok(run.stdout.trim());
}

/** The VM's state as Vagrant names it: running, not_created, poweroff, shutoff, saved, …  */
export async function vagrantState(dir: string): Promise<Result<string, string>> {
  const run = await vagrant(dir, ['status', '--machine-readable']);
  if (run.exitCode !== 0) return err(explainVagrantFailure(`${run.stdout}\n${run.stderr}`, 'vagrant status'));
  const state = /^\d*,[^,]*,state,([^,\n]+)$/m.exec(run.stdout)?.[1];
  return state ? ok(state) : err(`vagrant status printed no state: ${run.stdout.slice(0, 200)}`);
}

/** `vagrant up`, each line of its output passed to `onLine` as it comes; `signal` interrupts it (the lab is stopping). */
export function vagrantUp(dir: string, timeoutMs: number, onLine: (line: string) => void, signal?: AbortSignal): Promise<Result<void, string>> {
  return new Promise((resolve) => {
    const child = spawn('vagrant', ['up', '--no-color'], { cwd: dir, env: asProcessEnv(vagrantEnv()), stdio: ['ignore', 'pipe', 'pipe'] });
    let all = '';
    let partial = '';
    const take = (d: Buffer) => {
      const text = d.toString('utf8');
      all = (all + text).slice(-20_000);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line.replace(/^\s*==>\s*/, ''));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let timedOut = false;
    // Vagrant stops cleanly on an interrupt.
    const interrupt = () => {
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      interrupt();
    }, timeoutMs);
    signal?.addEventListener('abort', interrupt, { once: true });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(err(`could not run vagrant: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) resolve(err(`the VM did not come up within ${Math.round(timeoutMs / 60_000)} minutes. Run "vagrant up" in ${dir} to watch it boot, or raise NSLAB_VAGRANT_TIMEOUT_MINUTES.`));
      else resolve(code === 0 ? ok(undefined) : err(explainVagrantFailure(all, 'vagrant up')));
    });
  });
}

/** What `vagrant ssh-config` prints: an ssh_config with one Host (usually "default"). */
export async function vagrantSshConfig(dir: string): Promise<Result<{ config: string; host: string }, string>> {
  const run = await vagrant(dir, ['ssh-config']);
  if (run.exitCode !== 0) return err(explainVagrantFailure(`${run.stdout}\n${run.stderr}`, 'vagrant ssh-config'));
  const host = /^Host\s+(\S+)/m.exec(run.stdout)?.[1];
  return host ? ok({ config: run.stdout, host }) : err(`vagrant ssh-config printed no Host: ${run.stdout.slice(0, 200)}`);
}

const FAILURES: ReadonlyArray<[RegExp, string]> = [
  [/No usable default provider/i, 'Vagrant has no provider here: install VirtualBox, or libvirt with the vagrant-libvirt plugin, then start the lab again.'],
  [/isn't usable on this system|ProviderNotUsable/i, "Vagrant's provider cannot run here: install it, or pick another with VAGRANT_DEFAULT_PROVIDER (virtualbox or libvirt)."],
  [/provider .* (could not be found|is not installed)|plugin .* not installed/i, 'the chosen Vagrant provider is not installed: install it, or pick another with VAGRANT_DEFAULT_PROVIDER.'],
  [
    /box .* could not be found|Could not resolve host|Failed to connect to|The requested URL returned error/i,
    'the VM\'s box is not on this machine and could not be downloaded: add it once while online ("vagrant box add"), or set NSLAB_VM_BOX to a box you have.',
  ],
  [/Timed out while waiting for the machine to boot/i, "the VM booted but never answered on SSH in time: open the provider's console (VirtualBox window, virt-manager) to see why."],
  [
    /VT-x is not available|AMD-V is not available|Could not access KVM|KVM internal error|failed to initialize kvm/i,
    'the VM could not use hardware virtualisation: enable it in the firmware, or (libvirt) set NSLAB_LIBVIRT_DRIVER=qemu for software emulation.',
  ],
  [/A Vagrant environment or target machine is required|Vagrantfile.*not found/i, "there is no Vagrantfile in the Vagrant directory: point NSLAB_VAGRANT_DIR at the lab's vagrant/ directory."],
];

/** What Vagrant said, in plain lines: its machine-readable error (`error-exit`) unescaped, or its last lines. */
function whatVagrantSaid(output: string): string {
  const machineReadable = /^\d*,[^,]*,error-exit,[^,]*,(.*)$/m.exec(output)?.[1];
  const text = machineReadable ? machineReadable.replace(/\\n/g, '\n').replace(/%!\(VAGRANT_COMMA\)/g, ',') : output;
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(machineReadable ? 0 : -4)
    .join(' ');
  // Vagrant's errors often explain the cause after this phrase; its first two sentences say enough.
  const cause = /The reason is shown below:\s*(.*)/.exec(lines)?.[1] ?? lines;
  return cause
    .split(/(?<=[.!?])\s+/)
    .slice(0, 2)
    .join(' ')
    .slice(0, 400);
}

export function explainVagrantFailure(output: string, doing: string): string {
  const known = FAILURES.find(([pattern]) => pattern.test(output));
  const said = whatVagrantSaid(output);
  return known ? `${known[1]} (${doing}: ${said})` : `${doing} failed: ${said || 'no output'}`;
}
