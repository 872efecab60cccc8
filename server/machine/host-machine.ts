// The `host` lab machine: plain login shells on the server's own host, no isolation (only inside a throwaway VM).
import os from 'node:os';
import * as pty from 'node-pty';
import { err, ok, type Result } from '../../core/result';
import type { ExecOptions, ExecResult, LabMachine, MachineError, Sandbox, TerminalSize } from './machine';
import { killProcessTree } from './proc-table';
import { runCaptured } from './run-captured';

class HostSandbox implements Sandbox {
  private readonly shells = new Set<pty.IPty>();
  private closed = false;

  constructor(
    readonly id: string,
    private readonly onDisposed: () => void,
  ) {}

  readonly ended = false;

  spawnShell(size: TerminalSize, env: Readonly<Record<string, string>> = {}): Result<pty.IPty, MachineError> {
    if (this.closed) return err({ code: 'machine_failed', message: 'this session was closed' });
    try {
      const shell = pty.spawn('bash', ['-l'], {
        name: 'xterm-256color',
        cols: size.cols,
        rows: size.rows,
        cwd: os.homedir(),
        env: { ...process.env, TERM: 'xterm-256color', ...env },
        encoding: null,
      });
      this.shells.add(shell);
      shell.onExit(() => this.shells.delete(shell));
      return ok(shell);
    } catch (e) {
      return err({ code: 'machine_failed', message: `could not start bash: ${(e as Error).message}` });
    }
  }

  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    const [file, ...args] = argv;
    if (!file) return Promise.resolve({ exitCode: null, stdout: '', stderr: 'nothing to run', timedOut: false });
    return runCaptured({ file, args, env: process.env, cwd: os.homedir() }, options);
  }

  async dispose(): Promise<void> {
    this.closed = true;
    // The shell's own children too: a background job would otherwise outlive its session.
    await Promise.all([...this.shells].map((shell) => killProcessTree(shell.pid)));
    this.shells.clear();
    this.onDisposed();
  }
}

export function createHostMachine(): LabMachine {
  const open = new Set<HostSandbox>();
  return {
    kind: 'host',
    describe: () => 'plain shells on this host, NO isolation',
    async openSandbox(id) {
      const sandbox: HostSandbox = new HostSandbox(id, () => open.delete(sandbox));
      open.add(sandbox);
      return ok(sandbox);
    },
    // Nothing of ours outlives the server here: the shells are its children.
    cleanupStale: async () => undefined,
    async dispose() {
      await Promise.all([...open].map((s) => s.dispose()));
    },
  };
}
