// The `vagrant` lab machine: brings up the VM in vagrant/ when needed, reads `vagrant ssh-config` once, then is the ssh machine.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AsyncDisposableStore, toAsyncDisposable, toDisposable } from '../../../core/lifecycle';
import { err, ok, type Result } from '../../../core/result';
import type { Logger } from '../../log';
import type { LabMachine, MachineError, Sandbox } from '../machine';
import { MachineStatusBoard } from '../machine-status';
import { createSshMachine, type SshMachine, type SshMachineOptions } from '../ssh/ssh-machine';
import { vagrantSshConfig, vagrantState, vagrantUp, vagrantVersion } from './vagrant-cli';

export type VagrantMachineOptions = {
  /** The directory with the Vagrantfile. */
  dir: string;
  /** Where the lab keeps the VM's ssh_config. */
  dataDir: string;
  instance: string;
  limits: SshMachineOptions['limits'];
  /** Longest a `vagrant up` may take (in milliseconds). */
  upTimeoutMs: number;
  /** Told every status change (the server's console). */
  onStatusLog?: (line: string) => void;
  /** Handed to the ssh machine inside (default: the server's log). */
  log?: Logger;
  /** Handed to the ssh machine inside: false switches the syscall timeline's tracer off. */
  syscallTracer?: boolean;
};

export function createVagrantMachine(options: VagrantMachineOptions): LabMachine {
  const board = new MachineStatusBoard('checking the Vagrant VM');
  let inner: SshMachine | undefined;
  let booting: Promise<void> | undefined;
  /** Let go in reverse: stop a `vagrant up` in progress, wait for the boot to end, then dispose the ssh machine. */
  const owned = new AsyncDisposableStore();
  owned.add(toAsyncDisposable(async () => inner?.dispose()));
  owned.add(toAsyncDisposable(async () => booting));
  const stopping = new AbortController();
  owned.add(toDisposable(() => stopping.abort()));
  const say = (state: 'starting' | 'ready' | 'failed', summary: string) => {
    board.set(state, summary);
    options.onStatusLog?.(`lab machine ${state}: ${summary}`);
  };

  /** Brings the VM up and connects; fails with what went wrong, if something did. */
  async function boot(): Promise<Result<void, string>> {
    say('starting', 'checking the Vagrant VM');
    const version = await vagrantVersion(options.dir);
    if (!version.ok) return version;
    const state = await vagrantState(options.dir);
    if (!state.ok) return state;
    if (state.value !== 'running') {
      say('starting', `starting the VM with vagrant up (it was ${state.value.replace(/_/g, ' ')}): a few minutes the first time, less after`);
      const up = await vagrantUp(
        options.dir,
        options.upTimeoutMs,
        (line) => {
          board.log(line);
          options.onStatusLog?.(`vagrant: ${line}`);
        },
        stopping.signal,
      );
      if (!up.ok) return up;
    }
    if (owned.isDisposed) return ok(undefined);
    const ssh = await vagrantSshConfig(options.dir);
    if (!ssh.ok) return ssh;
    const configFile = path.join(options.dataDir, 'vagrant-ssh-config');
    await mkdir(options.dataDir, { recursive: true });
    await writeFile(configFile, ssh.value.config, { mode: 0o600 });
    await inner?.dispose();
    inner = createSshMachine({
      target: { destination: ssh.value.host, configFile },
      instance: options.instance,
      limits: options.limits,
      kind: 'vagrant',
      label: 'the Vagrant VM',
      log: options.log,
      syscallTracer: options.syscallTracer,
    });
    say('starting', 'connecting to the VM over SSH');
    // Sessions a previous run left in the VM go first; only then is the machine ready for new ones.
    await inner.cleanupStale();
    return ok(undefined);
  }

  /** One boot at a time; a failed one may be retried (the learner pressed "Try again"). */
  function start(): Promise<void> {
    booting ??= boot()
      .catch((e: unknown) => err(`starting the VM failed: ${(e as Error).message}`))
      .then((booted) => {
        // Not booting any more before anyone hears how it went: a page told "ready" (or "failed") may ask at once.
        booting = undefined;
        if (!booted.ok || !inner) return say('failed', booted.ok ? 'the lab stopped while the VM was starting' : booted.error);
        const ssh = inner;
        ssh.onStatus?.((s) => say(s.state, s.summary));
        const now = ssh.status?.();
        if (now) say(now.state, now.summary);
      });
    return booting;
  }

  async function openSandbox(id: string): Promise<Result<Sandbox, MachineError>> {
    if (owned.isDisposed) return err({ code: 'machine_failed', message: 'the lab machine is shutting down' });
    if (booting) return err({ code: 'machine_starting', message: `the lab's VM is still starting: ${board.get().summary}` });
    // Reachable over SSH: the ssh machine reconnects by itself when the link dropped.
    if (inner) return inner.openSandbox(id);
    const failed = board.get();
    void start();
    return err({ code: 'machine_starting', message: failed.state === 'failed' ? `the lab's VM failed to start (${failed.summary}); trying again` : "the lab's VM is starting" });
  }

  return {
    kind: 'vagrant',
    describe: () => `the Vagrant VM in ${options.dir}, over SSH, one set of namespaces per session`,
    openSandbox,
    // Starting the VM can take minutes: do it in the background while the lab serves its lessons.
    async cleanupStale() {
      void start();
    },
    dispose: () => owned.dispose(),
    status: () => board.get(),
    onStatus: (listener) => board.subscribe(listener),
  };
}
