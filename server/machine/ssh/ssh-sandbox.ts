// One learner session on the SSH machine: its namespaces there, its shells (ssh -tt) and programs (ssh -T), and its teardown.
import type { IPty } from 'node-pty';
import { err, type Result } from '../../../core/result';
import type { Logger } from '../../log';
import type { ExecOptions, ExecResult, MachineError, Sandbox, TerminalSize } from '../machine';
import type { LauncherLink } from './launcher-link';
import { LAUNCHER_FAILED } from './ssh-command';

/** Environment names a shell may be given (they travel on the remote command line). */
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const CLOSE_TIMEOUT_MS = 10_000;

export class SshSandbox implements Sandbox {
  private readonly shells = new Set<IPty>();
  private ended_ = false;
  private disposing: Promise<void> | undefined;

  constructor(
    readonly id: string,
    private readonly link: LauncherLink,
    private readonly onDisposed: () => void,
    /** Told when the machine could not close the session (its processes may linger there). */
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  get ended(): boolean {
    return this.ended_;
  }

  spawnShell(size: TerminalSize, env: Readonly<Record<string, string>> = {}): Result<IPty, MachineError> {
    if (this.disposing) return err({ code: 'machine_failed', message: 'this session was closed' });
    if (this.ended_) return err({ code: 'machine_failed', message: 'this session has ended on the lab machine; start a new session' });
    const bad = Object.keys(env).find((name) => !ENV_NAME.test(name));
    if (bad) return err({ code: 'machine_failed', message: `invalid environment variable name ${JSON.stringify(bad)}` });
    const assignments = Object.entries(env).map(([name, value]) => `${name}=${value}`);
    const shell = this.link.spawn('join', [this.id, ...assignments, '/bin/bash', '-l'], size);
    if (shell.ok) {
      this.shells.add(shell.value);
      shell.value.onExit(() => this.shells.delete(shell.value));
    }
    return shell;
  }

  async exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    if (argv.length === 0) return { exitCode: null, stdout: '', stderr: 'nothing to run', timedOut: false };
    const result = await this.link.run('join', [this.id, ...argv], options);
    if (result.exitCode === LAUNCHER_FAILED && /the session has ended/.test(result.stderr)) this.ended_ = true;
    return result;
  }

  dispose(): Promise<void> {
    this.disposing ??= this.teardown();
    return this.disposing;
  }

  private async teardown(): Promise<void> {
    // Closing the local ssh ends its remote shell; closing the session kills whatever else runs in it.
    for (const shell of this.shells) shell.kill('SIGKILL');
    this.shells.clear();
    const closed = await this.link.run('close', [this.id], { timeoutMs: CLOSE_TIMEOUT_MS });
    if (closed.exitCode !== 0) this.log.warn(this.link.failure(closed, `closing session ${this.id}`));
    this.ended_ = true;
    this.onDisposed();
  }
}
