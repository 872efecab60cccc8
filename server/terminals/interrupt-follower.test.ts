// The interrupt follower signals only a job the shell started in place of the one a ^C missed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InterruptFollower, POLL_MS, parseStat, type ProcStat, type ProcessView } from './interrupt-follower';

const LEADER = 100;
const SHELL = 200;

/** A terminal: the session leader, its shell, and whatever jobs the test puts in the foreground. */
function fakeTerminal() {
  const procs = new Map<number, ProcStat>();
  const add = (pid: number, ppid: number, pgrp: number, state = 'S') => procs.set(pid, { pid, ppid, pgrp, session: LEADER, tpgid: 0, state });
  add(LEADER, 1, LEADER);
  add(SHELL, LEADER, SHELL);
  let fg = SHELL;
  const interrupted: number[] = [];
  const view: ProcessView = {
    stat: (pid) => {
      const s = procs.get(pid);
      return s ? { ...s, tpgid: fg } : null;
    },
    children: (pid) => [...procs.values()].filter((s) => s.ppid === pid).map((s) => s.pid),
    interrupt: (pgrp) => interrupted.push(pgrp),
  };
  return { procs, add, view, interrupted, setForeground: (g: number) => (fg = g) };
}

describe('InterruptFollower', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('re-sends a ^C that a finishing job missed to the job the shell started next', () => {
    const t = fakeTerminal();
    t.add(300, SHELL, 300, 'Z');
    t.setForeground(300);
    const follower = new InterruptFollower(LEADER, t.view);
    follower.input(Uint8Array.of(0x03));
    t.procs.delete(300);
    t.add(301, SHELL, 301, 'R');
    t.setForeground(301);
    vi.advanceTimersByTime(POLL_MS * 2);
    expect(t.interrupted).toEqual([301]);
    follower.dispose();
  });

  it('leaves a shell at its prompt alone, even when it then starts a job of its own', () => {
    const t = fakeTerminal();
    const follower = new InterruptFollower(LEADER, t.view);
    follower.input(Uint8Array.of(0x03));
    t.add(301, SHELL, 301, 'R');
    t.setForeground(301);
    vi.advanceTimersByTime(POLL_MS * 10);
    expect(t.interrupted).toEqual([]);
    follower.dispose();
  });

  it('stops following when the learner types on', () => {
    const t = fakeTerminal();
    t.add(300, SHELL, 300, 'Z');
    t.setForeground(300);
    const follower = new InterruptFollower(LEADER, t.view);
    follower.input(Uint8Array.of(0x03));
    follower.input(Buffer.from('sleep 5\r'));
    t.procs.delete(300);
    t.add(301, SHELL, 301, 'R');
    t.setForeground(301);
    vi.advanceTimersByTime(POLL_MS * 10);
    expect(t.interrupted).toEqual([]);
  });

  it('reads /proc/PID/stat past a command name with spaces and parentheses', () => {
    expect(parseStat('42 (a (b) c) R 7 42 40 34816 42 4194304 0')).toEqual({ pid: 42, state: 'R', ppid: 7, pgrp: 42, session: 40, tpgid: 42 });
  });
});
