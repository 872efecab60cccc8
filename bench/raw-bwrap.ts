// The sandbox baseline: bubblewrap run straight from this process with the lab's filesystem view and its curated /etc (same /etc/profile), no server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import * as pty from 'node-pty';
import { detectRootEntries, sandboxView, type RootEntry } from '../server/machine/sandbox/bwrap-args';
import { DEFAULT_SANDBOX_OPTIONS } from '../server/machine/sandbox-options';
import { buildSandboxEtc } from '../server/machine/sandbox/etc-files';
import { SANDBOX_ENV } from '../server/machine/sandbox/join';
import { spawnRawPty, type RawPty } from './raw-pty';

/** How long a warm sandbox may take to report its child's pid (in milliseconds). */
const KEEPER_READY_TIMEOUT_MS = 10_000;
const PTY_SIZE = { cols: 100, rows: 30 };

export type RawBwrap = {
  /** Spawn of `bwrap … bash -l` → first output byte (in milliseconds): a sandbox started for the shell. */
  coldOpen(): Promise<number>;
  /**
   * `nsenter … bash -l` into a bubblewrap sandbox started beforehand (not timed) → first output
   * byte (in milliseconds): what a warm pool leaves to do.
   */
  warmOpen(): Promise<number>;
  dispose(): void;
};

/**
 * The lab's own profile (sandboxView, the same builder the lab's launchers use), so the baseline
 * cannot drift from it. What the raw sandboxes leave out of the lab's (so the rows say what the lab
 * adds): the session's cgroups and limits, the drop to an unprivileged host uid, the pre-made
 * 65536-id user namespace, the seccomp filter, and the lab's own sysfs under /sys (here the host's,
 * bound read-only). They run as host root with bwrap's own user namespace.
 */
function rawArgs(etcDir: string, rootEntries: RootEntry[]): string[] {
  return ['--unshare-user', '--uid', '0', '--gid', '0', ...sandboxView({ tmpfsBytes: DEFAULT_SANDBOX_OPTIONS.tmpfsBytes, rootEntries, etcSource: etcDir })];
}

const spawnInPty = (file: string, args: string[]) => () => pty.spawn(file, args, { name: 'xterm-256color', ...PTY_SIZE, cwd: '/', env: { ...SANDBOX_ENV }, encoding: null });

/** Builds the lab's /etc once into a temporary directory; dispose() removes it. */
export async function prepareRawBwrap(): Promise<RawBwrap> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-bench-bwrap-'));
  const args = rawArgs(await buildSandboxEtc(dir), await detectRootEntries());
  const alive = new Set<{ dispose(): void }>();

  const open = async (spawnShell: () => pty.IPty, also?: ChildProcess): Promise<number> => {
    let shell: (RawPty & { firstByteMs: number }) | undefined;
    try {
      shell = await spawnRawPty(spawnShell);
      return shell.firstByteMs;
    } finally {
      shell?.dispose();
      also?.kill('SIGKILL');
    }
  };

  return {
    coldOpen: () => open(spawnInPty('bwrap', [...args, 'bash', '-l'])),
    async warmOpen() {
      // The keeper says when it runs: bwrap reports its child's pid before that child has set up the sandbox's root.
      const keeper = spawn('bwrap', [...args, '--info-fd', '3', 'sh', '-c', 'echo ready; exec sleep infinity'], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
      const entry = { dispose: () => keeper.kill('SIGKILL') };
      alive.add(entry);
      try {
        const pid = await readyChildPid(keeper);
        // The namespaces the lab's join enters (server/machine/sandbox/join.ts), then the same shell.
        return await open(spawnInPty('nsenter', ['--target', String(pid), '--user', '--mount', '--pid', '--net', '--uts', '--ipc', '--root', '--wd', '--', 'bash', '-l']), keeper);
      } finally {
        entry.dispose();
        alive.delete(entry);
      }
    },
    dispose() {
      for (const entry of alive) entry.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The sandbox's first process, as bwrap reports it on --info-fd (bwrap(1)), once the keeper inside has said it runs. */
function readyChildPid(keeper: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let info = '';
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`the raw sandbox was not ready within ${KEEPER_READY_TIMEOUT_MS} ms: ${stderr}`)), KEEPER_READY_TIMEOUT_MS);
    const check = () => {
      const m = /"child-pid"\s*:\s*(\d+)/.exec(info);
      if (m && stdout.includes('ready')) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    keeper.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    keeper.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      check();
    });
    (keeper.stdio[3] as Readable).on('data', (d: Buffer) => {
      info += d.toString();
      check();
    });
    keeper.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bwrap exited with ${code}: ${stderr}`));
    });
  });
}
