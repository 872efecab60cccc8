// Runs the session launcher (remote-session.sh) on the SSH machine: on a pty for terminals, captured for probes and checks, or piped for the tracer.
import { spawn, type ChildProcess } from 'node:child_process';
import * as pty from 'node-pty';
import { err, ok, type Result } from '../../../core/result';
import type { ExecOptions, ExecResult, MachineError, TerminalSize } from '../machine';
import { asProcessEnv, runCaptured } from '../run-captured';
import { sshEnv, type ControlMaster } from './control-master';
import { clientArgs, LAUNCHER_FAILED, launcherCommandLine, SSH_FAILED } from './ssh-command';
import { explainSshFailure } from './ssh-errors';
import { describeTarget, type SshTarget } from './ssh-target';

export class LauncherLink {
  /** Whether the login user is root (else the launcher runs through `sudo -n`); learned when connecting. */
  asRoot = false;

  constructor(
    readonly target: SshTarget,
    readonly master: ControlMaster,
    /** Names this lab server's sessions on the machine, so servers sharing it never touch each other's. */
    readonly instance: string,
  ) {}

  get where(): string {
    return describeTarget(this.target);
  }

  /** `command` of the launcher with its arguments after the instance, output captured. */
  async run(command: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    return this.plain(launcherCommandLine(this.asRoot, [command, this.instance, ...args]), options);
  }

  /** Runs a plain command line as the login user (no launcher, no sudo). */
  plain(commandLine: string, options?: ExecOptions): Promise<ExecResult> {
    this.reconnectSoon();
    return runCaptured({ file: 'ssh', args: [...clientArgs(this.target, this.master.controlPath, false), commandLine], env: sshEnv() }, options);
  }

  /** `command` of the launcher on a new pty (ssh -tt): its window size follows the pty's. */
  spawn(command: string, args: readonly string[], size: TerminalSize): Result<pty.IPty, MachineError> {
    this.reconnectSoon();
    const argv = [...clientArgs(this.target, this.master.controlPath, true), launcherCommandLine(this.asRoot, [command, this.instance, ...args])];
    try {
      return ok(pty.spawn('ssh', argv, { name: 'xterm-256color', cols: size.cols, rows: size.rows, cwd: process.env.HOME ?? '/', env: asProcessEnv(sshEnv()), encoding: null }));
    } catch (e) {
      return err({ code: 'machine_failed', message: `could not run ssh: ${(e as Error).message}` });
    }
  }

  /**
   * `command` of the launcher with its pipes left to the caller (a long-running one: the tracer). Its stdin
   * stays open while the caller wants it to run: the launcher's side sees it close (ssh passes the end of
   * input on) when the caller ends it, and also when the server dies, since the pipe's writer is the server.
   */
  spawnPiped(command: string, args: readonly string[]): ChildProcess {
    this.reconnectSoon();
    const argv = [...clientArgs(this.target, this.master.controlPath, false), launcherCommandLine(this.asRoot, [command, this.instance, ...args])];
    return spawn('ssh', argv, { env: asProcessEnv(sshEnv()), stdio: ['pipe', 'pipe', 'pipe'] });
  }

  /**
   * Without the master (the link dropped), a client connects on its own, which is slower:
   * start a new master in the background so the next ones share it again.
   */
  private reconnectSoon(): void {
    if (!this.master.connected) void this.master.connect();
  }

  /** A failed launcher run as one sentence: ssh's own failure explained, or what the launcher said. */
  failure(result: ExecResult, doing: string): string {
    if (result.timedOut) return `${doing} on ${this.where} timed out`;
    if (result.exitCode === SSH_FAILED || result.exitCode === null) return explainSshFailure(this.where, result.stderr);
    const said = result.stderr
      .trim()
      .replace(/^nslab: /gm, '')
      .split('\n')
      .slice(-3)
      .join(' ');
    if (/sudo:/.test(said)) return explainSshFailure(this.where, said);
    return `${doing} on ${this.where} failed${result.exitCode === LAUNCHER_FAILED ? '' : ` (exit ${result.exitCode})`}: ${said || 'no error output'}`;
  }
}
