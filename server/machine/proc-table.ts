// Reads the host's process table from /proc and kills processes by pid (for cleanup and timeouts).
import { readdir, readFile } from 'node:fs/promises';

export type ProcessInfo = { pid: number; ppid: number; uid: number; state: string; comm: string };

/**
 * Files read at once while listing processes. Unbounded, 200 sandboxes torn down together would
 * each open every /proc/PID/status at the same time and run out of file descriptors (EMFILE).
 */
const PROC_READ_BATCH = 64;

/** Every process visible in /proc right now; processes that exit while we read are skipped. */
export async function listProcesses(): Promise<ProcessInfo[]> {
  const pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n)).map(Number);
  const found: ProcessInfo[] = [];
  for (let i = 0; i < pids.length; i += PROC_READ_BATCH) {
    const batch = await Promise.all(pids.slice(i, i + PROC_READ_BATCH).map(readProcess));
    for (const p of batch) if (p) found.push(p);
  }
  return found;
}

/** The listing in progress, and the one queued to start after it (see listProcessesFromNow). */
let current: Promise<ProcessInfo[]> | null = null;
let queued: Promise<ProcessInfo[]> | null = null;

function startListing(): Promise<ProcessInfo[]> {
  const listing = listProcesses().finally(() => {
    if (current === listing) current = null;
  });
  current = listing;
  return listing;
}

/**
 * A listing of /proc that started after this call, shared by every caller waiting for one: the
 * callers that arrive while a listing runs get the next one together. When 200 sandboxes are torn
 * down at once (the server stopping, a workshop ending), each needs a listing taken after its own
 * processes were killed, and they scan /proc a handful of times instead of 200.
 */
export function listProcessesFromNow(): Promise<ProcessInfo[]> {
  if (!current) return startListing();
  queued ??= current
    .then(
      () => undefined,
      () => undefined,
    )
    .then(() => {
      queued = null;
      return startListing();
    });
  return queued;
}

export async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // exited meanwhile
  }
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1] ?? '';
  return {
    pid,
    ppid: Number(field('PPid')),
    uid: Number(field('Uid').split(/\s+/)[0]),
    state: field('State').charAt(0),
    comm: field('Name'),
  };
}

/** SIGKILL each pid; a pid that is already gone is fine. */
export function killPids(pids: Iterable<number>): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // ESRCH: it exited on its own, which is what we wanted.
    }
  }
}

/** SIGKILL a process and all its descendants (found via PPid, so across pid namespaces). */
export async function killProcessTree(rootPid: number): Promise<void> {
  const processes = await listProcesses();
  const doomed = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of processes) {
      if (!doomed.has(p.pid) && doomed.has(p.ppid)) {
        doomed.add(p.pid);
        grew = true;
      }
    }
  }
  killPids(doomed);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
