// Running the run's commands: each in its own process group with a deadline, output streamed with timestamps, inside the run's namespaces where asked.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { control, DOCKER, KILL_GRACE_MS, NAME, ROOT, state, VAGRANT_DIR } from './run-state';

export interface RunResult {
  ok: boolean;
  code: number | null;
  out: string;
  timedOut: boolean;
}

export interface RunOptions {
  /** When the command is killed (epoch milliseconds). */
  deadline?: number;
  env?: Record<string, string>;
  /** Collect the output instead of showing it. */
  capture?: boolean;
  cwd?: string;
}

/** Process groups of the commands still running: an interrupt sends them SIGTERM. */
export const children = new Set<{ killGroup: (signal: NodeJS.Signals) => void }>();

export const elapsed = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

/**
 * Runs a command in its own process group; on `deadline` (epoch ms) or an interrupt the whole group is
 * killed. Output is streamed (or, with `capture`, collected).
 */
export function run(cmd: string, args: string[], { deadline, env = {}, capture = false, cwd = ROOT }: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    if (control.interrupted && !control.tearingDown) return resolvePromise({ ok: false, code: null, out: '', timedOut: false });
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const handle = { killGroup };
    children.add(handle);
    let out = '';
    let timedOut = false;
    let pending = '';
    const show = (chunk: Buffer) => {
      const text = chunk.toString();
      out += text;
      if (capture) return;
      pending += text;
      const lines = pending.split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      for (const raw of lines) {
        // eslint-disable-next-line no-control-regex -- ANSI escape sequences are what is stripped
        const line = raw.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
        if (/^\s*Progress: \d+%/.test(line) || line.trim() === '') continue; // upload progress redraws
        console.log(`    ${elapsed(t0).padStart(6)} │ ${line}`);
      }
    };
    child.stdout.on('data', show);
    child.stderr.on('data', show);
    const timer = deadline
      ? setTimeout(
          () => {
            timedOut = true;
            console.log(`    ${cmd} ${args.slice(0, 6).join(' ')}… timed out: killing it`);
            killGroup('SIGTERM');
            setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
          },
          Math.max(0, deadline - Date.now()),
        )
      : undefined;
    child.on('error', (error) => {
      out += `${error.message}\n`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(handle);
      if (pending && !capture) console.log(`    ${elapsed(t0).padStart(6)} │ ${pending}`);
      resolvePromise({ ok: code === 0 && !timedOut, code, out, timedOut });
    });
  });
}

/** Runs a command and throws when it fails or times out; resolves to its output. */
export async function must(cmd: string, args: string[], options?: RunOptions): Promise<string> {
  const r = await run(cmd, args, options);
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')} ${r.timedOut ? 'timed out' : `failed (exit ${r.code})`}${options?.capture ? `:\n${r.out.trim()}` : ''}`);
  return r.out;
}

/** A command inside the run's mount and network namespaces. */
export const inLab = (cmd: string, args: string[]): [string, string[]] => ['nsenter', [`--mount=${state.nsFile}`, `--net=/run/netns/${NAME}`, `--wd=${ROOT}`, '--', cmd, ...args]];

export const vagrantEnv = (): Record<string, string> => ({
  VAGRANT_CWD: VAGRANT_DIR,
  VAGRANT_DOTFILE_PATH: join(state.tmp, 'vagrant-dot'),
  VAGRANT_HOME: join(state.tmp, 'vagrant-home'),
  VAGRANT_CHECKPOINT_DISABLE: '1',
  VAGRANT_DEFAULT_PROVIDER: 'libvirt',
  NSLAB_VAGRANT_DIR: VAGRANT_DIR,
  NSLAB_VM_BOX: NAME,
  NSLAB_LIBVIRT_DRIVER: 'qemu', // /dev/kvm may exist and still hang: always emulate
  NSLAB_VM_MEMORY: '1024',
  NSLAB_VM_CONSOLE_LOG: join(state.tmp, 'console.log'),
  NSLAB_WITH_DOCKER: DOCKER ? '1' : '0',
});

export const vagrant = (args: string[], deadline: number) => must(...inLab('vagrant', args), { deadline, env: vagrantEnv() });
export const virsh = (args: string[], deadline: number, extra: RunOptions = {}) => run(...inLab('virsh', ['-c', 'qemu:///system', ...args]), { deadline, capture: true, ...extra });

/** The last lines of a log file, headed by its name (empty when there is none). */
export function tail(file: string, lines = 40): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    return text ? `── last lines of ${file}:\n${text}` : '';
  } catch {
    return '';
  }
}
