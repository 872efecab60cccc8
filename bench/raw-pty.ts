// The baseline: node-pty in this process, no server, no network (what a web terminal can at best approach).
import type { IPty } from 'node-pty';
import { spawnBenchShell } from './bench-shell';
import { nowMs } from './stats';
import { nextOutput, waitForPrompt, type Tty } from './tty';

export type RawPty = Tty & { dispose(): void };

/**
 * Spawns `bash -l` the way the host lab machine does (or what `spawnShell` starts, e.g. a raw
 * bubblewrap sandbox); `firstByteMs` is spawn → first output byte. Resolves once it shows a prompt.
 */
export async function spawnRawPty(spawnShell: () => IPty = spawnBenchShell): Promise<RawPty & { firstByteMs: number }> {
  const listeners = new Set<(data: Buffer) => void>();
  const startedAt = nowMs();
  const shell = spawnShell();
  const tty: RawPty = {
    write: (data) => shell.write(data),
    onData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      listeners.clear();
      try {
        shell.kill('SIGKILL');
      } catch {
        // Already gone: nothing left to kill.
      }
    },
  };
  const firstByte = nextOutput(tty, () => true);
  const prompt = waitForPrompt(tty);
  shell.onData((data) => {
    for (const l of [...listeners]) l(data as unknown as Buffer);
  });
  try {
    const firstByteMs = (await firstByte) - startedAt;
    await prompt;
    return Object.assign(tty, { firstByteMs });
  } catch (e) {
    tty.dispose();
    throw e;
  }
}

/** Spawn → first output byte of `runs` raw shells, one after another (in milliseconds). */
export async function measureRawOpen(runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const shell = await spawnRawPty();
    samples.push(shell.firstByteMs);
    shell.dispose();
  }
  return samples;
}
