// What one run of `npm run test:vagrant` is: its options, its name, its step time limits and the state teardown reads to undo exactly what was done.
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const VAGRANT_DIR = join(ROOT, 'vagrant');
export const BUILD_BOX = join(ROOT, 'test/vagrant/build-box.sh');
// --fresh-box: build the box even if one is cached, and do not cache it (CI does this).
export const FRESH_BOX = process.argv.includes('--fresh-box');
// NSLAB_VM_DOCKER=1: a box with provision.sh's DOCKER_PACKAGES, provisioned with NSLAB_WITH_DOCKER=1 (images built in the VM, offline).
export const DOCKER = process.env.NSLAB_VM_DOCKER === '1';
// --hook FILE: what runs once the box is added, with the VM not yet created (a TypeScript file, run with tsx from
// the repository); it must bring the VM up, as the lab's vagrant machine does.
const hookIndex = process.argv.indexOf('--hook');
export const HOOK = (hookIndex > 0 ? process.argv[hookIndex + 1] : undefined) || (DOCKER ? 'test/vagrant/docker-in-vm.ts' : 'test/vagrant/lab-in-vm.ts');

/** Step time limits (in seconds): a cold box build plus one boot fit well inside them on 2 emulating cores (with Docker: its start and two image builds too). */
export const LIMIT_S = { preflight: 30, box: 300, libvirt: 45, boxAdd: 90, provision: 180, hook: DOCKER ? 720 : 660, destroy: 120, boxRemove: 60, teardown: 90 };
/** How long a process may take to exit after SIGTERM before it gets SIGKILL (in milliseconds). */
export const KILL_GRACE_MS = 5_000;

/** The run's network namespace and box name; its temporary directory starts with it too. */
export const NAME = `nslab-vt-${randomBytes(3).toString('hex')}`;

/** What the run has made so far: teardown undoes exactly this. */
export const state = {
  /** Everything of the run lives here. */
  tmp: '',
  /** The private mount namespace, bind-mounted onto a file. */
  nsFile: '',
  netns: false,
  createdRunLibvirt: false,
  daemons: [] as { name: string; pidFile: string }[],
  /** The box file to add (built, or from the cache). */
  boxFile: '',
  boxAdded: false,
  upStarted: false,
  destroyed: false,
  boxRemoved: false,
};

/** The signal that interrupted the run (empty while none did), and whether teardown runs: its commands run even after an interrupt. */
export const control = { interrupted: '' as '' | NodeJS.Signals, tearingDown: false };
