// The one SSH connection to the lab machine (an OpenSSH ControlMaster) that every terminal and probe rides on.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { AsyncDisposable } from '../../../core/lifecycle';
import { err, ok, type Result } from '../../../core/result';
import { asProcessEnv } from '../run-captured';
import { masterArgs } from './ssh-command';
import { explainSshFailure } from './ssh-errors';
import { describeTarget, type SshTarget } from './ssh-target';

/** How long connecting (TCP, key exchange, login) may take before we give up (in milliseconds). */
const CONNECT_TIMEOUT_MS = 30_000;
const POLL_MS = 10;
const STDERR_KEEP_CHARS = 4_000;

/** The environment every ssh of ours gets: what ssh needs (home for its files, the agent), nothing else of the server's. */
export function sshEnv(): Record<string, string | undefined> {
  const { PATH, HOME, USER, LOGNAME, SSH_AUTH_SOCK } = process.env;
  return { PATH, HOME, USER, LOGNAME, SSH_AUTH_SOCK, TERM: 'xterm-256color', LANG: 'C.UTF-8' };
}

/** Async dispose: it waits for the master ssh to exit. */
export class ControlMaster implements AsyncDisposable {
  private child: ChildProcess | undefined;
  private connecting: Promise<Result<void, string>> | undefined;
  private disposed = false;
  private generation_ = 0;

  constructor(
    private readonly target: SshTarget,
    readonly controlPath: string,
  ) {}

  /** True while the master runs and its socket exists (clients then skip the handshake). */
  get connected(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null && existsSync(this.controlPath);
  }

  /** Counts the connections made: a new number means the earlier connection went away and its sessions with it. */
  get generation(): number {
    return this.generation_;
  }

  /** Settles once the current master has exited (at once when none runs): its connection is gone. */
  gone(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Connects unless connected; concurrent callers share one attempt. */
  connect(): Promise<Result<void, string>> {
    if (this.disposed) return Promise.resolve(err('the lab machine is shutting down'));
    if (this.connected) return Promise.resolve(ok(undefined));
    this.connecting ??= this.start().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private start(): Promise<Result<void, string>> {
    this.child?.kill('SIGKILL');
    // A master killed outright leaves its socket behind; a new one would not listen on it.
    rmSync(this.controlPath, { force: true });
    const child = spawn('ssh', masterArgs(this.target, this.controlPath), { env: asProcessEnv(sshEnv()), stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-STDERR_KEEP_CHARS);
    });
    const where = describeTarget(this.target);
    return new Promise((resolve) => {
      const started = Date.now();
      const finish = (result: Result<void, string>) => {
        clearInterval(poll);
        child.off('exit', onExit);
        child.off('error', onError);
        if (!result.ok) child.kill('SIGKILL');
        else this.generation_++;
        resolve(result);
      };
      // The master creates its socket once logged in.
      const poll = setInterval(() => {
        if (existsSync(this.controlPath)) finish(ok(undefined));
        else if (Date.now() - started > CONNECT_TIMEOUT_MS) finish(err(`${where} did not complete the SSH login within ${CONNECT_TIMEOUT_MS / 1000} s`));
      }, POLL_MS);
      const onExit = () => setImmediate(() => finish(err(explainSshFailure(where, stderr))));
      const onError = (e: Error) => finish(err(`could not run ssh (${e.message}): install the OpenSSH client (apt-get install openssh-client)`));
      child.once('exit', onExit);
      child.once('error', onError);
    });
  }

  /** Ends the connection; clients still running lose it too. Safe to call twice. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }
}
