// How the lab runs its own programs against a sandbox without ever executing a file the sandbox can replace.
//
// A learner is root in the sandbox's user namespace and may mount anything over any path of its mount
// namespace (/usr/bin/env, /bin/sh, the dynamic loader …). Whatever is exec'd by path *after* entering that
// mount namespace is therefore the learner's choice. So:
// - inspectSpec: the probe and the state reads never enter the mount namespace. Host setpriv/nsenter/unshare
//   enter the sandbox's user and pid namespaces, and a private copy of the host's mount namespace gets a
//   /proc of the sandbox's pid namespace (PIDs as the learner sees them); every program comes from the host.
// - checkSpec: a check's command must see the learner's files, so it runs in (a private copy of) the target's
//   mount namespace. The only program started there by path is the host's static busybox, reached by a path
//   relative to a working directory nsenter opened on the host (--wd is opened before setns(2)); static, so no
//   loader is looked up inside. It copies the namespace (unshare -m), pops whatever is mounted over /usr and
//   /etc until the sandbox's own mounts (same device and inode as at launch) are on top, rebinds them
//   non-recursively (which sheds every mount below them), checks the root's symlinks (/bin → usr/bin …),
//   and only then execs the host's /usr/bin/sh for the command.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RunSpec } from '../run-captured';
import type { JoinTarget } from './join';
import { SANDBOX_ENV } from './join';
import { detectRootEntries } from './bwrap-args';

/** Marks the lab's own processes: the probe leaves them out of the learner's process list. */
export const LAB_ENV = { ...SANDBOX_ENV, NSLAB_PROBE: '1' };

/** Namespace types a check may enter, with their nsenter(1) option. */
const CHECK_NS = { mnt: '--mount', pid: '--pid', net: '--net', uts: '--uts', ipc: '--ipc', cgroup: '--cgroup', time: '--time' } as const;
export type CheckNamespace = keyof typeof CHECK_NS;

/** "device inode" of a directory, as busybox `stat -L -c '%d %i'` prints it. */
export type DirIdentity = string;

export const identityOf = (dir: string): DirIdentity => {
  const s = statSync(dir);
  return `${s.dev} ${s.ino}`;
};

/** True when the ELF file at `file` has no PT_INTERP header: it loads no dynamic loader by path. */
export function isStaticElf(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(64);
    if (readSync(fd, head, 0, 64, 0) < 64 || head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2) return false;
    const phoff = Number(head.readBigUInt64LE(32));
    const phentsize = head.readUInt16LE(54);
    const phnum = head.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) return false;
    return true;
  } catch {
    // Unreadable or not ELF: not usable as the trusted shell.
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

let busybox: string | null | undefined;
/** The host's static busybox (Debian: busybox-static), or null when there is none. */
export function staticBusybox(): string | null {
  busybox ??= ['/usr/bin/busybox', '/bin/busybox'].find((f) => isStaticElf(f)) ?? null;
  return busybox;
}

/** What the lab knows of a sandbox to run its programs there. */
export type TrustedTarget = JoinTarget & {
  /** Identity of the sandbox's /etc, taken right after launch (before any learner could touch it). */
  etcIdentity: DirIdentity;
};

/**
 * Host side, as root: a private copy of the host's mount namespace, then into the sandbox's pid namespace
 * with a fresh /proc of it. unshare and nsenter stay outside that pid namespace, so a learner's `pgrep -x
 * unshare` never finds the lab's. $1 = anchor pid, $2 extra nsenter option (or empty), then the program.
 */
const OUTSIDE_SCRIPT = `a=$1 u=$2; shift 2
exec unshare --mount --propagation private -- nsenter --target "$a" $u --pid -- /bin/sh -c 'mount -t proc proc /proc && exec "$@"' nslab-proc "$@"
`;

/**
 * Not the sandbox's user namespace: these processes show in the sandbox's pid namespace, and in its user
 * namespace the learner could open their /proc/PID/root (the host's files) and ns links. As host root they
 * are out of reach. uid_map then reads relative to the host (user_namespaces(7)); the probe translates.
 */
export function inspectSpec(target: JoinTarget, argv: readonly string[]): RunSpec {
  return outsideSpec(target, '', argv);
}

function outsideSpec(target: JoinTarget, userOption: '', argv: readonly string[]): RunSpec {
  return { file: '/bin/sh', args: ['-c', OUTSIDE_SCRIPT, 'nslab-outside', String(target.anchorPid), userOption, ...argv], env: { ...LAB_ENV }, cwd: '/' };
}

/**
 * Inside the target's namespaces, cwd = the host directory holding busybox. $1 "1" in a private copy (where
 * what is stacked over /usr and /etc is popped and the rest shed), else only verified; $2 /usr identity,
 * $3 /etc identity, $4 root symlinks ("bin=usr/bin …"), $5 working directory for the command, $6 the command.
 * Exit 126 with a message when the sandbox's system tree is not its own.
 */
const BUILDER = `restore() {
  n=0
  while [ "$(./busybox stat -L -c "%d %i" "$1" 2>/dev/null)" != "$2" ]; do
    [ "$copy" = 1 ] && ./busybox mount --make-private "$1" 2>/dev/null && ./busybox umount -l "$1" 2>/dev/null || return 1
    n=$((n + 1)); [ "$n" -lt 4096 ] || return 1
  done
  [ "$copy" = 1 ] || return 0
  ./busybox mount --make-private / && ./busybox mount --make-private "$1" && ./busybox mount --bind "$1" "$1" && ./busybox mount -o remount,bind,ro "$1"
}
copy=$1
if [ -e /usr ] || [ -L /usr ]; then
  restore /usr "$2" || { echo "nslab: /usr in this namespace is not the sandbox's own" >&2; exit 126; }
  restore /etc "$3" || { echo "nslab: /etc in this namespace is not the sandbox's own" >&2; exit 126; }
  for e in $4; do
    [ "$(./busybox readlink "/\${e%%=*}")" = "\${e#*=}" ] || { echo "nslab: /\${e%%=*} in this namespace was changed" >&2; exit 126; }
  done
  cd "$5" 2>/dev/null || cd /
  exec /usr/bin/sh -c "$6"
fi
# A root the learner built (a container rootfs without /usr): the host busybox shell runs the command.
exec ./busybox sh -c "cd \\"\\$1\\" 2>/dev/null || cd /; $6" nslab-check "$5"
`;

/**
 * Host side, in the sandbox's pid namespace with a fresh /proc of it (so /proc/PID is the learner's PID):
 * join the sandbox's cgroups, then nsenter (host binary, host paths) into the sandbox's user namespace and
 * the target's namespaces, working directory on the host, and start the builder.
 * $1 busybox dir, $2 number of cgroup.procs files, the files, then nsenter's namespace options, "--", the builder's args.
 */
const CHECK_SCRIPT = `d=$1 n=$2; shift 2
while [ "$n" -gt 0 ]; do echo $$ > "$1" || { echo "nslab: the sandbox has ended" >&2; exit 125; }; shift; n=$((n - 1)); done
opts=""; while [ "$1" != "--" ]; do opts="$opts $1"; shift; done; shift
t=\${opts##*--mount=/proc/}; t=\${t%%/*}
# Nothing stacked on or below /usr and /etc (the kernel's own table): run in the namespace itself, so its
# identity and propagation are the learner's; otherwise in a private copy with them restored (busybox's
# unshare cannot leave propagation unchanged, so there every mount reads as private).
copy=$(awk '{ m = $5 } m == "/usr" { u++ } m == "/etc" { e++ } index(m, "/usr/") == 1 || index(m, "/etc/") == 1 { x++ } END { print (x > 0 || u > 1 || e > 1) ? 1 : 0 }' /proc/"$t"/mountinfo) || copy=1
[ "$copy" = 1 ] && set -- ./busybox unshare -m --propagation private ./busybox sh -c "$0" nslab-check 1 "$@" || set -- ./busybox sh -c "$0" nslab-check 0 "$@"
exec nsenter --user=/proc/1/ns/user $opts --wd="$d" -- "$@"
`;

export type CheckRequest = {
  /** PID (as the sandbox sees it) of the process whose namespaces to enter, or null for the sandbox's own. */
  pid: number | null;
  /** The namespace types of `pid` to enter; the others are the sandbox's own. */
  types: readonly string[];
  command: string;
};

/** Symlinks at the sandbox's root (bin → usr/bin on merged-/usr hosts), as "name=target" words. */
export type RootLinks = string;

export function checkSpec(target: TrustedTarget, rootLinks: RootLinks, request: CheckRequest, busyboxPath: string): RunSpec {
  const nsOptions: string[] = [];
  for (const [type, option] of Object.entries(CHECK_NS)) {
    const entered = request.pid !== null && request.types.includes(type);
    // The sandbox shares the host's cgroup and time namespaces: setns into those is refused (EPERM).
    if (!entered && (type === 'cgroup' || type === 'time')) continue;
    nsOptions.push(`${option}=/proc/${entered ? request.pid : 1}/ns/${type}`);
  }
  const wd = request.pid !== null && request.types.includes('mnt') ? '/' : SANDBOX_ENV.HOME;
  const stage = ['/bin/sh', '-c', CHECK_SCRIPT, BUILDER, path.dirname(busyboxPath), String(target.procsFiles.length), ...target.procsFiles, ...nsOptions, '--'];
  const builderArgs = [identityOf('/usr'), target.etcIdentity, rootLinks, wd, request.command];
  // Still host root here (no user namespace yet): it must write the cgroup files and open every namespace file.
  return outsideSpec(target, '', [...stage, ...builderArgs]);
}

let links: Promise<RootLinks> | undefined;
/** The host's root symlinks (the sandbox copies them, see bwrap-args.ts), as checkSpec wants them. */
export function rootLinks(): Promise<RootLinks> {
  links ??= detectRootEntries().then((entries) => entries.flatMap((e) => (e.symlinkTo ? [`${e.name}=${e.symlinkTo}`] : [])).join(' '));
  return links;
}
