// Caps on the host-wide kernel tables one sandbox could otherwise fill for everyone: its processes' rlimits, and the host sysctls the lab raises so a sandbox's memory cap, not a shared table, is what it runs into.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Most open descriptors of one sandbox process (RLIMIT_NOFILE, soft = hard: root inside the sandbox's
 * user namespace cannot raise a hard limit, which needs CAP_SYS_RESOURCE in the host's; setrlimit(2)).
 * With pids.max 128 a sandbox's descriptor tables hold at most 128 x 1024 = 131,072 files. The same
 * limit bounds the descriptors one uid keeps in flight in unix sockets (SCM_RIGHTS; unix(7)), but a
 * sandbox has 65,536 uids: past its descriptor tables, only its memory cap bounds its open files,
 * which is why fs.file-max is raised too (HOST_TABLES).
 */
export const SANDBOX_NOFILE = 1024;

/**
 * Most memory one sandbox process may lock (RLIMIT_MEMLOCK, in kibibytes as ulimit(1) counts): the
 * kernel's own default since 5.16. Locked pages are charged to the sandbox's memory cgroup anyway;
 * the limit keeps a server started with `unlimited` from handing that on.
 */
export const SANDBOX_MEMLOCK_KIB = 8 * 1024;

/** Shell lines (POSIX sh: one resource per `ulimit`, soft and hard together) that give a process and its children the sandbox's rlimits. */
export const SANDBOX_ULIMITS = `ulimit -n ${SANDBOX_NOFILE} && ulimit -l ${SANDBOX_MEMLOCK_KIB}`;

/**
 * For the sandbox's keeper: the same limits for the sandbox's PID 1 (bwrap's init, started with the
 * server's limits, which root in the sandbox could borrow by ptrace) and for the keeper itself.
 * Lowering another process's limit needs only the same uid (prlimit(2)); a failure stops the sandbox.
 */
export const KEEPER_ULIMITS = `prlimit --pid 1 --nofile=${SANDBOX_NOFILE}:${SANDBOX_NOFILE} --memlock=${SANDBOX_MEMLOCK_KIB * 1024}:${SANDBOX_MEMLOCK_KIB * 1024} && ${SANDBOX_ULIMITS} || exit 1`;

/** A host sysctl the lab raises (never lowers) at start: its /proc/sys path, the least value it needs, and why. */
export type HostTable = { key: string; atLeast: bigint; why: string };

/**
 * The host-wide tables a single sandbox could fill within its caps, and the size that takes that away.
 *
 * kernel.pty.max (4096 by default, 1024 of them kept for the host's own devpts: pty(7)): every devpts
 * instance draws on it. A per-instance `max=` on the sandbox's /dev/pts does not hold: devpts may be
 * mounted in a user namespace, so root in the sandbox remounts it or mounts a fresh instance (both
 * tried). A pty is charged to the memory cgroup that opens it (about 3.4 KiB a pair here): a 256 MiB
 * sandbox held 77,292 before its own OOM killer stopped it. So the table goes to the kernel's ceiling
 * (NR_UNIX98_PTY_MAX, 1 << 20), where one sandbox holds at most a small share and the lab's own ptys
 * (from the reserved host instance) are never short.
 *
 * fs.file-max (about 10% of RAM in KiB by default: 2.4M on 24 GiB, 400K on 4 GiB): one 256 MiB
 * sandbox held 760,000 open files through descriptors in flight (see SANDBOX_NOFILE). Raised to the
 * value systemd sets on most distributions (LONG_MAX): each file is charged to the opener's memory
 * cgroup, so the memory cap is what binds. Root (the lab) was never limited by it.
 */
export const HOST_TABLES: readonly HostTable[] = [
  { key: 'kernel/pty/max', atLeast: 1n << 20n, why: 'so one sandbox cannot take every pty (its memory cap binds first)' },
  { key: 'fs/file-max', atLeast: (1n << 63n) - 1n, why: 'so one sandbox cannot take every open file (its memory cap binds first)' },
];

/** What raising the tables did: lines for the log, and the tables that could not be raised. */
export type RaisedTables = { changed: string[]; failed: string[] };

/** Raises each table below its least size; `procSys` is /proc/sys (tests point it at a folder). */
export async function raiseHostTables(procSys = '/proc/sys', tables: readonly HostTable[] = HOST_TABLES): Promise<RaisedTables> {
  const result: RaisedTables = { changed: [], failed: [] };
  for (const table of tables) {
    const file = path.join(procSys, table.key);
    const name = table.key.replaceAll('/', '.');
    try {
      const before = BigInt((await readFile(file, 'utf8')).trim());
      if (before >= table.atLeast) continue;
      await writeFile(file, String(table.atLeast), { flag: 'r+' });
      result.changed.push(`raised host sysctl ${name} from ${before} to ${table.atLeast} ${table.why}`);
    } catch (e) {
      result.failed.push(`could not raise host sysctl ${name} to ${table.atLeast} (${(e as Error).message}); one sandbox may exhaust it for the others. Fix: sudo sysctl -w ${name}=${table.atLeast}`);
    }
  }
  return result;
}
