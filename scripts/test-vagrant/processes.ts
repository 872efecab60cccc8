// Processes and mounts of the run, read from /proc: whether a pid lives, stopping pids, pid files, mounts below a directory, processes naming the run.
import { readdirSync, readFileSync } from 'node:fs';
import { KILL_GRACE_MS, NAME, state } from './run-state';

/** A process that exists and is not a zombie (a daemon's zombie waits for whoever adopted it). */
export const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then after `graceMs` SIGKILL, then up to `graceMs` more for them to be gone. */
export async function stopPids(pids: number[], graceMs = KILL_GRACE_MS): Promise<void> {
  const signal = (pid: number, sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // exited meanwhile
    }
  };
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < until) await sleep(100);
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGKILL');
  while (pids.some(alive) && Date.now() < until + graceMs) await sleep(100);
}

/** The pid in a pid file, 0 when there is none. */
export const readPid = (file: string): number => {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10) || 0;
  } catch {
    return 0;
  }
};

/** Mount points at or below `dir`, deepest first (the order to unmount them in). */
export function mountsUnder(dir: string): string[] {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((m): m is string => Boolean(m));
  return mounts
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort()
    .reverse();
}

/** Processes whose command line names the run's directory or namespace (qemu, dnsmasq, ssh, daemons). */
export function processesOfRun(): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if ((state.tmp && cmdline.includes(state.tmp)) || cmdline.includes(NAME)) found.push(`${entry} ${cmdline.trim().slice(0, 120)}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}
