// The kernel's word that a program is held in write(2): the proof that nobody reads its pty any more.
import { readdirSync, readFileSync } from 'node:fs';

/** The host pids of `pid`'s descendants (children of children), read from the kernel's task lists. */
function descendants(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** write(2)'s number for this machine's architecture, as the first field of /proc/PID/syscall shows it while a process waits in it. */
const WRITE_SYSCALL = process.arch === 'arm64' ? 64 : 1;

/** Whether some `comm` below `rootPid` (a terminal's shell) is blocked in write(2), as a program whose pty nobody reads is. */
export function blockedWriting(rootPid: number, comm: string): boolean {
  return descendants(rootPid).some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm && readFileSync(`/proc/${pid}/syscall`, 'utf8').startsWith(`${WRITE_SYSCALL} `);
    } catch {
      return false; // exited between the listing and the read
    }
  });
}
