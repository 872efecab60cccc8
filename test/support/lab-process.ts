// Starts the lab exactly as `npm start` does (its node flags, `server/main.ts`) as a child process on port 0, and stops it: for benchmarks, end-to-end and crash tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScriptNodeFlags } from '../../server/start-flags';

/** The host uids a sandbox server's sandboxes use: [uidBase, uidLimit). */
export type UidRange = { uidBase: number; uidLimit: number };

export type LabProcess = {
  url: string;
  origin: string;
  /** The server's own process (tsx runs as a loader in it, so signals reach the server). */
  child: ChildProcess;
  pid: number;
  /** The host uids its sandboxes use; null unless the lab machine is the sandbox. */
  uidRange: UidRange | null;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /**
   * SIGTERM, then SIGKILL after STOP_TIMEOUT_MS; removes the data directory if this module made it.
   * Resolves with what went wrong (exit code, last output) when the server did not exit cleanly, else null.
   * Safe to call twice.
   */
  stop(): Promise<string | null>;
  /** SIGKILL, as a crash: resolves once the server has exited. The data directory stays until stop(). */
  kill(): Promise<void>;
};

export type LabProcessOptions = {
  /** Arguments after `server/main.ts --port 0`, e.g. `--api-only`. */
  args?: string[];
  /** Node flags after `npm start`'s own, e.g. `--cpu-prof` (NODE_OPTIONS may not carry those). */
  nodeFlags?: string[];
  /** A data directory the caller owns and keeps (e.g. to start a second server on it); by default a fresh one, removed on stop(). */
  dataDir?: string;
  /** How long the server may take to print its URL (in milliseconds); the web app may be built first. */
  startTimeoutMs?: number;
};

const DEFAULT_START_TIMEOUT_MS = 300_000;
/** How long a SIGTERMed server may take to close its sessions before it is killed (in milliseconds). */
const STOP_TIMEOUT_MS = 30_000;

/** Servers not yet stopped: killed if this process exits first, so an aborted run leaves no server behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** `env` is added to this process's environment for the server (NSLAB_MACHINE, NSLAB_WORKSHOP, …). */
export async function startLabProcess(env: Record<string, string> = {}, options: LabProcessOptions = {}): Promise<LabProcess> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'nslab-lab-'));
  const args = [...startScriptNodeFlags(), ...(options.nodeFlags ?? []), '--import', 'tsx', 'server/main.ts', '--port', '0', ...(options.args ?? [])];
  // NSLAB_LOG: the server logs under Vitest too, so its uid range and its console can be read.
  const child = spawn(process.execPath, args, { env: { ...process.env, NSLAB_LOG: '1', NSLAB_DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => live.delete(child));
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));

  let stopped: Promise<string | null> | undefined;
  const stop = (): Promise<string | null> =>
    (stopped ??= (async () => {
      let killed = false;
      if (!exited(child)) {
        child.kill('SIGTERM');
        await Promise.race([exit, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
        if (!exited(child)) {
          killed = true;
          child.kill('SIGKILL');
          await exit;
        }
      }
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      if (!killed && child.exitCode === 0) return null;
      const how = killed ? `did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM` : `exited with ${child.exitCode ?? child.signalCode}`;
      return `the lab server ${how}:\n${output.slice(-1200)}`;
    })());
  const kill = async (): Promise<void> => {
    if (!exited(child)) child.kill('SIGKILL');
    await exit;
  };

  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
      const timer = setTimeout(() => reject(new Error(`the lab did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      child.stdout.on('data', () => {
        const m = /nslab ready: (\S+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      void exit.then(() => {
        clearTimeout(timer);
        reject(new Error(`the lab exited with ${child.exitCode ?? child.signalCode} before it was ready:\n${output}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  // The sandbox machine logs its range before the server is ready ("host uids A-B", B inclusive).
  const uids = /host uids (\d+)-(\d+)/.exec(output);
  const uidRange = uids ? { uidBase: Number(uids[1]), uidLimit: Number(uids[2]) + 1 } : null;
  return { url, origin: new URL(url).origin, child, pid: child.pid!, uidRange, output: () => output, stop, kill };
}
