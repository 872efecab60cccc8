// Makes a learner's ^C stop a shell loop of short commands: it follows the interrupt to the job the shell started in place of the one it missed.
import { readFileSync } from 'node:fs';
import type { IDisposable } from '../../core/lifecycle';

/** The interrupt character (the terminal's default VINTR, ^C). */
export const INTERRUPT_BYTE = 0x03;
/** How long after a ^C the follower watches for a job that replaced the interrupted one (in milliseconds). */
export const FOLLOW_MS = 2_000;
/** How often the terminal's foreground process group is read while following (in milliseconds). */
export const POLL_MS = 2;
/**
 * How long a group that existed at the ^C must hold the terminal for the follower to stop early (in
 * milliseconds): far longer than a loop's shell keeps it between two commands (well under 1 ms).
 */
export const SETTLED_MS = 200;

/** What the follower reads of a process in /proc/PID/stat (proc(5)): host pids, as the server sees them. */
export type ProcStat = { pid: number; ppid: number; pgrp: number; session: number; tpgid: number; state: string };

/** Where the follower reads processes and sends signals; the real one is /proc and kill(2). */
export type ProcessView = {
  stat(pid: number): ProcStat | null;
  children(pid: number): number[];
  interrupt(pgrp: number): void;
};

/**
 * Why: a job-control shell (bash) gives the terminal to each command's own process group and takes it
 * back when the command has ended. The line discipline sends ^C's SIGINT to the terminal's foreground
 * group as it is at that instant (termios(3), ISIG). In `while :; do /bin/true; done` that group is
 * very often a command that is already exiting or a zombie: the kernel drops a signal to an exiting
 * process (kernel/signal.c, prepare_signal) and the shell, in another group, never hears of it, so it
 * starts the next command and the loop goes on. The longer the shell waits for a CPU after its child
 * ended (a busy host: every sandbox shares it), the more ^Cs are lost; measured on a loaded host, most
 * single ^Cs were lost, on the host's own bash as in a sandbox.
 *
 * The same happens when the ^C reaches the shell's own group just as it forks the next command: the
 * shell goes on (measured: bash 5.2 in a loop of /bin/true).
 *
 * The follower closes that gap from the one place that knows the learner pressed ^C: when, after the
 * ^C, the group it was aimed at has ended (or was a busy shell's own) and a process group that did not exist at the ^C is now in
 * the foreground (the shell went on with its loop instead of returning to its prompt), that group gets
 * the SIGINT, and so on for the next while the loop goes on. Groups that existed at the ^C (the shell,
 * a nested shell) are never signalled. It stops once one of those has kept the terminal for
 * SETTLED_MS, on any other keystroke, or after FOLLOW_MS. A job that handles ^C itself and keeps
 * running (a REPL, a program with ISIG off such as an editor) keeps the terminal: nothing is sent.
 */
export class InterruptFollower implements IDisposable {
  private timer: NodeJS.Timeout | null = null;
  private deadline = 0;
  /** The foreground group the last ^C went to (or was re-sent to). */
  private target = 0;
  /** Process groups of the terminal's live processes at the ^C (the shell, a nested shell): never signalled. */
  private known = new Set<number>();
  /** The ^C went to a shell's own group while that shell was running its next command (see input). */
  private shellBusy = false;
  /** Since when a group of `known` has held the terminal (in Date.now() milliseconds), or null. */
  private settledAt: number | null = null;

  constructor(
    /** Host pid of the terminal's session leader (the pty's own process). */
    private readonly leader: number,
    private readonly procs: ProcessView = procfs,
  ) {}

  /** A ^C is being followed: every keystroke chunk goes to `input` (anything else stops it). */
  get following(): boolean {
    return this.timer !== null;
  }

  /** Called with a keystroke chunk after it was written to the pty. */
  input(data: Uint8Array): void {
    const last = data.lastIndexOf(INTERRUPT_BYTE);
    // Anything typed after the ^C is the learner's next move: a new command must not get this interrupt.
    if (last < 0 || last !== data.length - 1) return this.stop();
    const fg = this.procs.stat(this.leader)?.tpgid ?? 0;
    if (fg <= 0) return this.stop();
    const live = this.tree();
    this.target = fg;
    this.known = new Set(live.map((s) => s.pgrp));
    // A shell at its prompt sleeps alone in its group; one in a loop runs, or has just forked its next command.
    const aimed = live.filter((s) => s.pgrp === fg);
    this.shellBusy = aimed.some((s) => s.state === 'R' || aimed.some((p) => p !== s && s.ppid === p.pid));
    this.deadline = Date.now() + FOLLOW_MS;
    this.settledAt = null;
    this.timer ??= setTimeout(() => this.poll(), POLL_MS);
  }

  dispose(): void {
    this.stop();
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private poll(): void {
    this.timer = null;
    const now = Date.now();
    if (now > this.deadline) return;
    const fg = this.procs.stat(this.leader)?.tpgid ?? 0;
    if (fg <= 0) return;
    if (this.known.has(fg)) {
      // A loop's shell takes the terminal back between its commands: only a shell that keeps it is done.
      this.settledAt ??= now;
      if (now - this.settledAt >= SETTLED_MS) return;
    } else {
      this.settledAt = null;
      const missed = this.known.has(this.target) ? this.shellBusy : !this.tree().some((s) => s.pgrp === this.target);
      if (fg !== this.target && missed) {
        const replacement = this.procs.stat(fg);
        // Only a group of this terminal's session.
        if (replacement?.session === this.leader) this.procs.interrupt(fg);
        this.target = fg;
      }
    }
    this.timer = setTimeout(() => this.poll(), POLL_MS);
  }

  /** The terminal's live processes (zombies and exiting ones left out), walked from the session leader. */
  private tree(): ProcStat[] {
    const found: ProcStat[] = [];
    const queue = [this.leader];
    for (let i = 0; i < queue.length && i < MAX_TREE; i++) {
      const pid = queue[i]!;
      const stat = this.procs.stat(pid);
      if (!stat) continue;
      if (stat.state !== 'Z' && stat.state !== 'X') found.push(stat);
      queue.push(...this.procs.children(pid));
    }
    return found;
  }
}

/** Most processes walked below one terminal (a fork bomb is capped by the sandbox's pids limit). */
const MAX_TREE = 512;

/** /proc/PID/stat: fields after the command name, which may hold spaces and parentheses (proc(5)). */
export function parseStat(text: string): ProcStat | null {
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, ppid, pgrp, session, , tpgid] = fields;
  if (!state || tpgid === undefined) return null;
  return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp), session: Number(session), tpgid: Number(tpgid) };
}

const procfs: ProcessView = {
  stat(pid) {
    try {
      return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      // Gone (or not Linux): nothing to follow there.
      return null;
    }
  },
  children(pid) {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      // Gone, or a kernel without CONFIG_PROC_CHILDREN: no children to walk.
      return [];
    }
  },
  interrupt(pgrp) {
    try {
      process.kill(-pgrp, 'SIGINT');
    } catch {
      // The group ended between the read and the signal: the shell is on its way back.
    }
  },
};
