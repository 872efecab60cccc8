// Keystrokes and pastes through PtyInput reach a real pty's program complete and in order, also when its input buffer fills.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as pty from 'node-pty';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../test/support/wait';
import { PtyInput } from './pty-input';

const spawned: pty.IPty[] = [];
afterEach(() => {
  for (const p of spawned.splice(0)) {
    try {
      p.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/** Whether the kernel holds `pid` stopped (state T in /proc/PID/stat). */
const stopped = (pid: number) => /^\d+ \(.*\) T/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

function spawn(script: string) {
  const p = pty.spawn('sh', ['-c', script], { cols: 80, rows: 24, encoding: null });
  spawned.push(p);
  let output = '';
  p.onData((d) => (output += d.toString()));
  const exited = new Promise<number>((resolve) => p.onExit(({ exitCode }) => resolve(exitCode)));
  const waitFor = (text: string) =>
    waitUntil(
      () => output.includes(text),
      () => `"${text}" in ${JSON.stringify(output)}`,
    );
  return { p, output: () => output, waitFor, exited };
}

describe('PtyInput', () => {
  it('keystrokes arrive in the order they were typed', async () => {
    const { p, waitFor } = spawn('stty -echo; echo ready; read line; echo "got:$line"');
    await waitFor('ready');
    const input = new PtyInput(p);
    for (const ch of 'hello world') input.write(ch);
    input.write('\r');
    await waitFor('got:hello world');
  });

  it('a paste larger than the pty buffer, into a program not reading yet, arrives whole and in order', async () => {
    const size = 300_000;
    const paste = Array.from({ length: size }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
    // The program stops itself before it reads; it goes on when the test says so.
    const { p, waitFor } = spawn(`stty raw -echo; echo ready; kill -STOP $$; head -c ${size} | sha256sum`);
    await waitFor('ready');
    await waitUntil(() => stopped(p.pid), 'the program to stop before reading');
    const input = new PtyInput(p);
    // Several writes, the first of which already overflows the kernel's buffer.
    for (let i = 0; i < size; i += 100_000) input.write(paste.slice(i, i + 100_000));
    process.kill(p.pid, 'SIGCONT');
    await waitFor(createHash('sha256').update(paste).digest('hex'));
  });

  it('writing after the program ended, or after close, is silently nothing', async () => {
    const { p, exited } = spawn('exit 3');
    const input = new PtyInput(p);
    expect(await exited).toBe(3);
    expect(() => input.write('late\r')).not.toThrow();
    input.dispose();
    expect(() => input.write('later\r')).not.toThrow();
  });
});
