// Flag words of the traced calls, as their man pages and linux/sched.h, linux/mount.h and linux/ipc.h define them.
import type { NamespaceType } from '../../core/namespaces';

type FlagTable = readonly (readonly [string, bigint])[];

/** The CLONE_NEW* flags with the namespace type each creates (clone(2), unshare(2)). */
export const CLONE_NEW: readonly (readonly [string, bigint, NamespaceType])[] = [
  ['CLONE_NEWNS', 0x00020000n, 'mnt'],
  ['CLONE_NEWCGROUP', 0x02000000n, 'cgroup'],
  ['CLONE_NEWUTS', 0x04000000n, 'uts'],
  ['CLONE_NEWIPC', 0x08000000n, 'ipc'],
  ['CLONE_NEWUSER', 0x10000000n, 'user'],
  ['CLONE_NEWPID', 0x20000000n, 'pid'],
  ['CLONE_NEWNET', 0x40000000n, 'net'],
  ['CLONE_NEWTIME', 0x00000080n, 'time'],
];

/** The other clone flags (CLONE_NEWTIME's bit is part of the exit signal in clone(2), see cloneFlags). */
const CLONE_OTHER: FlagTable = [
  ['CLONE_VM', 0x100n],
  ['CLONE_FS', 0x200n],
  ['CLONE_FILES', 0x400n],
  ['CLONE_SIGHAND', 0x800n],
  ['CLONE_PIDFD', 0x1000n],
  ['CLONE_PTRACE', 0x2000n],
  ['CLONE_VFORK', 0x4000n],
  ['CLONE_PARENT', 0x8000n],
  ['CLONE_THREAD', 0x10000n],
  ['CLONE_SYSVSEM', 0x40000n],
  ['CLONE_SETTLS', 0x80000n],
  ['CLONE_PARENT_SETTID', 0x100000n],
  ['CLONE_CHILD_CLEARTID', 0x200000n],
  ['CLONE_DETACHED', 0x400000n],
  ['CLONE_UNTRACED', 0x800000n],
  ['CLONE_CHILD_SETTID', 0x1000000n],
  ['CLONE_IO', 0x80000000n],
  ['CLONE_CLEAR_SIGHAND', 0x100000000n],
  ['CLONE_INTO_CGROUP', 0x200000000n],
];

/** mount(2) flags (linux/mount.h), in the order mount(8) would list them. */
const MS: FlagTable = [
  ['MS_RDONLY', 1n],
  ['MS_NOSUID', 2n],
  ['MS_NODEV', 4n],
  ['MS_NOEXEC', 8n],
  ['MS_SYNCHRONOUS', 16n],
  ['MS_REMOUNT', 32n],
  ['MS_MANDLOCK', 64n],
  ['MS_DIRSYNC', 128n],
  ['MS_NOSYMFOLLOW', 256n],
  ['MS_NOATIME', 1024n],
  ['MS_NODIRATIME', 2048n],
  ['MS_BIND', 4096n],
  ['MS_MOVE', 8192n],
  ['MS_REC', 16384n],
  ['MS_SILENT', 32768n],
  ['MS_POSIXACL', 1n << 16n],
  ['MS_UNBINDABLE', 1n << 17n],
  ['MS_PRIVATE', 1n << 18n],
  ['MS_SLAVE', 1n << 19n],
  ['MS_SHARED', 1n << 20n],
  ['MS_RELATIME', 1n << 21n],
  ['MS_KERNMOUNT', 1n << 22n],
  ['MS_I_VERSION', 1n << 23n],
  ['MS_STRICTATIME', 1n << 24n],
  ['MS_LAZYTIME', 1n << 25n],
];
/** The magic number old programs put in the upper 16 bits of mount's flags (ignored by the kernel). */
const MS_MGC_VAL = 0xc0ed0000n;

/** umount2(2) flags. */
const UMOUNT: FlagTable = [
  ['MNT_FORCE', 1n],
  ['MNT_DETACH', 2n],
  ['MNT_EXPIRE', 4n],
  ['UMOUNT_NOFOLLOW', 8n],
];

/** shmget/msgget/semget(2) flags beside the permission bits (linux/ipc.h). */
const IPC: FlagTable = [
  ['IPC_CREAT', 0o1000n],
  ['IPC_EXCL', 0o2000n],
];

/** Common exit signals of clone(2)'s low byte. */
const SIGNALS: Record<number, string> = { 17: 'SIGCHLD', 0: '' };

/** Names the bits of `value` found in `table`; bits left over are shown in hex. */
function names(value: bigint, table: FlagTable): string[] {
  const out: string[] = [];
  let rest = value;
  for (const [name, bit] of table) {
    if ((rest & bit) !== 0n) {
      out.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0n) out.push(`0x${rest.toString(16)}`);
  return out;
}

const NS_TABLE: FlagTable = CLONE_NEW.map(([n, b]) => [n, b] as const);

/** unshare(2) and clone3(2) flags: the namespaces first. */
export const unshareFlags = (flags: bigint): string[] => names(flags, [...NS_TABLE, ...CLONE_OTHER]);

/** clone(2) flags: its low byte is the exit signal (so 0x80 is part of it, not CLONE_NEWTIME). */
export function cloneFlags(flags: bigint): string[] {
  const signal = Number(flags & 0xffn);
  const out = names(flags & ~0xffn, [...NS_TABLE.filter(([n]) => n !== 'CLONE_NEWTIME'), ...CLONE_OTHER]);
  const sig = SIGNALS[signal] ?? `signal ${signal}`;
  return sig ? [...out, sig] : out;
}

/** The namespace types whose CLONE_NEW* flag is set (in clone(2), never time). */
export const namespaceTypes = (flags: bigint, clone = false): NamespaceType[] => CLONE_NEW.filter(([, bit, type]) => (flags & bit) !== 0n && !(clone && type === 'time')).map(([, , type]) => type);

export function mountFlags(flags: bigint): string[] {
  const f = (flags & 0xffff0000n) === MS_MGC_VAL ? flags & 0xffffn : flags;
  return names(f, MS);
}

export const umountFlags = (flags: bigint): string[] => names(flags, UMOUNT);

/** IPC flags and the permission bits in octal, e.g. IPC_CREAT|0644. */
export function ipcFlags(flags: bigint): string[] {
  const mode = flags & 0o777n;
  const out = names(flags & ~0o777n, IPC);
  return mode !== 0n ? [...out, `0${mode.toString(8)}`] : out;
}
