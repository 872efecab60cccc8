// Runs a program without a pty, capturing its output under a size cap, with input and a timeout (for Sandbox.exec).
import { spawn } from 'node:child_process';
import type { ExecOptions, ExecResult } from './machine';
import { killProcessTree } from './proc-table';

/** Default for ExecOptions.timeoutMs (in milliseconds). */
export const EXEC_TIMEOUT_MS = 10_000;
/** Most output kept per stream (in bytes); the rest is dropped so a flood cannot grow server memory. */
export const EXEC_OUTPUT_CAP_BYTES = 1024 * 1024;

/** `env` is the program's whole environment (nothing inherited). */
export type RunSpec = { file: string; args: readonly string[]; env: Record<string, string | undefined>; cwd?: string };

/** Next's type augmentation makes NODE_ENV mandatory in ProcessEnv; a program's environment needs no such thing. */
export const asProcessEnv = (env: Record<string, string | undefined>) => env as NodeJS.ProcessEnv;

export function runCaptured(spec: RunSpec, options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(spec.file, spec.args, { env: asProcessEnv(spec.env), cwd: spec.cwd ?? '/', stdio: ['pipe', 'pipe', 'pipe'] });
    const out = capture(child.stdout);
    const errOut = capture(child.stderr);
    let timedOut = false;
    let spawnError: Error | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      // The program may run in another pid namespace below an nsenter: kill the whole tree, not just our child.
      if (child.pid !== undefined) void killProcessTree(child.pid);
    }, options.timeoutMs ?? EXEC_TIMEOUT_MS);
    child.stdin.on('error', () => {
      // EPIPE when the program exits without reading its input: the exit status tells the story.
    });
    child.stdin.end(options.input ?? '');
    child.on('error', (e) => {
      spawnError = e;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = errOut() + (spawnError ? `${spawnError.message}\n` : '');
      resolve({ exitCode: spawnError ? null : code, stdout: out(), stderr, timedOut });
    });
  });
}

function capture(stream: NodeJS.ReadableStream): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    if (size >= EXEC_OUTPUT_CAP_BYTES) return;
    const part = chunk.subarray(0, EXEC_OUTPUT_CAP_BYTES - size);
    chunks.push(part);
    size += part.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}
