// Starts the lab exactly as `npm start` does (a child process on port 0) and stops it with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { startScriptNodeFlags } from '../../server/start-flags';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type LabProcess = { url: string; origin: string; child: ChildProcess; output: () => string; stop(): Promise<void> };

export async function startLabProcess(env: Record<string, string> = {}, args: string[] = []): Promise<LabProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-e2e-'));
  // tsx as a loader in the server's own process, so signals reach the server itself.
  const child = spawn(process.execPath, [...startScriptNodeFlags(), '--import', 'tsx', 'server/main.ts', '--port', '0', ...args], {
    env: { ...process.env, NSLAB_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab did not start in time:\n${output}`)), 90_000);
    const check = () => {
      const m = /nslab ready: (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`the lab exited with ${code}:\n${output}`)));
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, origin: new URL(url).origin, child, output: () => output, stop };
}
