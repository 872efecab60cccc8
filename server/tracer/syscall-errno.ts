// Error numbers of the traced calls: their names, and one line on what each means for that call (from its man page's ERRORS).
import type { TracedCall } from './syscall-program';

/** x86-64 and arm64 share these generic numbers (asm-generic/errno-base.h, errno.h). */
const ERRNO_NAMES: Record<number, string> = {
  1: 'EPERM',
  2: 'ENOENT',
  3: 'ESRCH',
  4: 'EINTR',
  9: 'EBADF',
  11: 'EAGAIN',
  12: 'ENOMEM',
  13: 'EACCES',
  14: 'EFAULT',
  16: 'EBUSY',
  17: 'EEXIST',
  20: 'ENOTDIR',
  22: 'EINVAL',
  24: 'EMFILE',
  28: 'ENOSPC',
  30: 'EROFS',
  36: 'ENAMETOOLONG',
  38: 'ENOSYS',
  40: 'ELOOP',
  87: 'EUSERS',
};

/** What an error means for a given call; `*` is the fallback for any call. */
const MEANINGS: Record<string, Partial<Record<TracedCall | '*', string>>> = {
  EPERM: {
    unshare: 'the caller lacks CAP_SYS_ADMIN in its user namespace (add --user, or run as root)',
    clone: 'the caller lacks CAP_SYS_ADMIN in its user namespace for a new namespace',
    clone3: 'the caller lacks CAP_SYS_ADMIN in its user namespace for a new namespace',
    setns: 'the caller lacks the capability to enter that namespace (CAP_SYS_ADMIN in its owner user namespace)',
    mount: 'mounting needs CAP_SYS_ADMIN in the user namespace that owns the mount namespace',
    umount2: 'unmounting needs CAP_SYS_ADMIN in the user namespace that owns the mount namespace',
    pivot_root: "pivot_root needs CAP_SYS_ADMIN in the mount namespace's user namespace",
    chroot: 'chroot needs CAP_SYS_CHROOT',
    sethostname: 'changing the hostname needs CAP_SYS_ADMIN in the user namespace that owns the UTS namespace',
    setdomainname: 'changing the domain name needs CAP_SYS_ADMIN in the user namespace that owns the UTS namespace',
    write: 'the writer may not set this map (no capability over the namespace, or setgroups not yet denied for gid_map)',
    '*': 'operation not permitted: a capability is missing',
  },
  EINVAL: {
    unshare: 'a flag is not valid here (e.g. CLONE_NEWUSER in a multithreaded process)',
    clone: 'a combination of flags is not allowed (e.g. CLONE_NEWPID with CLONE_THREAD)',
    clone3: 'a combination of flags is not allowed (e.g. CLONE_NEWPID with CLONE_THREAD)',
    setns: 'the descriptor is not a namespace of the type asked for, or the caller cannot join it (e.g. its own user namespace)',
    mount: 'a bad source, a mount point that is not a mount, or a propagation change on a shared mount',
    umount2: 'the target is not a mount point',
    pivot_root: 'new_root is not a mount point, or the root is shared (make / private first)',
    sethostname: 'the name is longer than 64 bytes',
    write: 'the map is malformed, overlaps, or was already written (a map can be written only once)',
    '*': 'an argument is not valid',
  },
  ENOSPC: {
    unshare: 'the nesting limit or the max_*_namespaces count of this user has been reached',
    clone: 'the nesting limit or the max_*_namespaces count of this user has been reached',
    clone3: 'the nesting limit or the max_*_namespaces count of this user has been reached',
    '*': 'no space left (a limit of the namespace or the tmpfs was reached)',
  },
  EUSERS: { '*': 'too many nested user namespaces (the limit is 32)' },
  ENOENT: { '*': 'a path does not exist' },
  EBUSY: { '*': 'the target is in use (e.g. a mount point with open files, or already mounted)' },
  EBADF: { '*': 'the file descriptor is not open' },
  EACCES: { '*': "permission denied by the file's mode or a read-only mount" },
  ENOMEM: { '*': "out of memory (or the pid namespace's init has exited: no more processes in it)" },
  ENOTDIR: { '*': 'a path is not a directory' },
  EEXIST: { '*': 'the object exists already (IPC_CREAT|IPC_EXCL on an existing key)' },
  ENOSYS: { '*': 'the kernel does not have this system call' },
  EFAULT: { '*': "a pointer argument points outside the process's memory" },
};

/** The name of a (positive) error number, e.g. EPERM for 1; `errno N` for an unlisted one. */
export const errnoName = (errno: number): string => ERRNO_NAMES[errno] ?? `errno ${errno}`;

/** One line on what `errno` means for `call`. */
export function errnoMeaning(call: TracedCall, errno: number): string {
  const meanings = MEANINGS[errnoName(errno)];
  return meanings?.[call] ?? meanings?.['*'] ?? 'the call failed';
}
