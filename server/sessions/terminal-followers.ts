// What follows a session's terminals from outside them (the exec log, the syscall timeline, the prediction runs): told the sandbox, each shell's start and each command, in one place.
import type { Sandbox } from '../machine/machine';

export type TerminalFollower = {
  /** The session's sandbox: the first, and each fresh one a reset gives it. */
  watch?(sandbox: Sandbox): void;
  /** Terminal `name`'s shell started as `pid` (the machine's pid). */
  terminalStarted?(name: string, pid: number): void;
  /** The learner pressed Enter in terminal `name`. */
  commandEntered?(name: string): void;
};

export class TerminalFollowers {
  constructor(private readonly followers: readonly TerminalFollower[]) {}

  watch(sandbox: Sandbox): void {
    for (const f of this.followers) f.watch?.(sandbox);
  }

  terminalStarted(name: string, pid: number): void {
    for (const f of this.followers) f.terminalStarted?.(name, pid);
  }

  commandEntered(name: string): void {
    for (const f of this.followers) f.commandEntered?.(name);
  }
}
