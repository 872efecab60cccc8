// The bubblewrap arguments that define a sandbox's filesystem view and namespaces (see bwrap(1)).
import { lstat, readlink } from 'node:fs/promises';
import { SANDBOX_HOSTNAME, SANDBOX_PATH } from './etc-templates';

/** Descriptor numbers the launchers hand to bwrap (see launcher.ts). */
export const ARGS_FD = 3;
export const INFO_FD = 4;
/** The shell launcher's pre-made user namespace. */
export const USERNS_FD = 5;
/** The direct launch: bwrap waits on this until we wrote its user namespace's maps (EOF lets it go on). */
export const USERNS_BLOCK_FD = 5;
/** Both launches: the seccomp filter, a struct sock_filter array (seccomp-filter.ts). */
export const SECCOMP_FD = 6;

/** Top-level host entries next to /usr: symlinks on merged-/usr systems, real directories elsewhere. */
export type RootEntry = { name: string; symlinkTo?: string };

const ROOT_ENTRIES = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

export async function detectRootEntries(): Promise<RootEntry[]> {
  const found: RootEntry[] = [];
  for (const name of ROOT_ENTRIES) {
    const stat = await lstat(`/${name}`).catch(() => undefined);
    if (!stat) continue;
    found.push(stat.isSymbolicLink() ? { name, symlinkTo: await readlink(`/${name}`) } : { name });
  }
  return found;
}

/**
 * `script`: the shell launcher (LAUNCH_SCRIPT, also run over SSH) pre-makes the user namespace.
 * `direct`: bwrap makes it and waits (--userns-block-fd) while we, root, write its maps (launcher.ts).
 */
export type BwrapSpec = { tmpfsBytes: number; rootEntries: RootEntry[]; launch?: 'script' | 'direct' };

/** Options only; the command (the keeper) goes on bwrap's own command line. */
export function bwrapArgs(spec: BwrapSpec): string[] {
  const direct = spec.launch === 'direct';
  return [
    // The user namespace: pre-made by the shell launcher, or made by bwrap and mapped by us while it waits.
    ...(direct ? ['--unshare-user', '--userns-block-fd', String(USERNS_BLOCK_FD), '--uid', '0', '--gid', '0'] : ['--userns', String(USERNS_FD)]),
    // What no lesson needs (seccomp-filter.ts).
    '--seccomp',
    String(SECCOMP_FD),
    '--info-fd',
    String(INFO_FD),
    // The launcher has bound the curated /etc over /etc in bwrap's mount namespace (see launcher.ts).
    ...sandboxView({ ...spec, etcSource: '/etc' }),
  ];
}

/**
 * The sandbox's namespaces (but the user namespace) and filesystem view, without what the launchers
 * add: the same profile for the lab's sandboxes and for the benchmark's raw bubblewrap baseline.
 * `etcSource` is bound read-only as the sandbox's /etc.
 */
export function sandboxView(spec: { tmpfsBytes: number; rootEntries: RootEntry[]; etcSource: string }): string[] {
  const tmpfs = (dir: string, perms?: string) => [...(perms ? ['--perms', perms] : []), '--size', String(spec.tmpfsBytes), '--tmpfs', dir];
  return [
    // No --unshare-cgroup: the cgroup lesson needs `unshare --cgroup` to visibly change /proc/self/cgroup.
    '--unshare-pid',
    '--unshare-net',
    '--unshare-uts',
    '--unshare-ipc',
    '--hostname',
    SANDBOX_HOSTNAME,
    // Root inside keeps its capabilities, or hostname/unshare/mount fail in the sandbox.
    '--cap-add',
    'ALL',
    '--die-with-parent',
    // Host system read-only; host root stays unmapped, so a remount read-write inside still cannot write.
    '--ro-bind',
    '/usr',
    '/usr',
    ...spec.rootEntries.flatMap((e) => (e.symlinkTo ? ['--symlink', e.symlinkTo, `/${e.name}`] : ['--ro-bind', `/${e.name}`, `/${e.name}`])),
    '--ro-bind',
    spec.etcSource,
    '/etc',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    ...tmpfs('/dev/shm', '1777'),
    '--remount-ro',
    '/dev',
    // Not the host's /sys: the launchers cover it first with a sysfs of no host namespace and nothing
    // mounted below it (no cgroup tree to uncover). Twice: `ip netns exec` unmounts /sys to mount a
    // fresh sysfs, which the kernel allows only while another stays fully visible.
    '--ro-bind',
    '/sys',
    '/sys',
    '--ro-bind',
    '/sys',
    '/sys',
    ...tmpfs('/root', '0700'),
    ...tmpfs('/tmp', '1777'),
    ...tmpfs('/home'),
    '--dir',
    '/home/learner',
    ...tmpfs('/run'),
    ...tmpfs('/var'),
    '--perms',
    '1777',
    '--dir',
    '/var/tmp',
    '--dir',
    '/var/log',
    '--dir',
    '/var/lib',
    // `ip netns add` writes under /var/run/netns on some builds and /run/netns on others.
    '--symlink',
    '../run',
    '/var/run',
    '--dir',
    '/mnt',
    '--dir',
    '/opt',
    '--dir',
    '/srv',
    '--remount-ro',
    '/',
    '--clearenv',
    '--setenv',
    'HOME',
    '/root',
    '--setenv',
    'PATH',
    SANDBOX_PATH,
    '--setenv',
    'LANG',
    'C.UTF-8',
    '--chdir',
    '/root',
  ];
}
