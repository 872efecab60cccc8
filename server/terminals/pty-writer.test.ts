// The pty writer against a real pty: input larger than the kernel takes at once arrives whole and in order.
import * as pty from 'node-pty';
import { describe, expect, it } from 'vitest';
import { PtyWriter } from './pty-writer';

describe('PtyWriter', () => {
  it('writes what the pty takes at once and retries the rest in order', async () => {
    // Raw mode, no echo; the shell starts reading only after a pause, so the pty's input fills up first.
    const shell = pty.spawn('/bin/sh', ['-c', 'stty raw -echo; sleep 0.3; head -c 100000 | cksum'], { cols: 80, rows: 24, encoding: null });
    let out = '';
    shell.onData((d) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => shell.onExit(() => resolve()));
    const writer = new PtyWriter(shell);
    const input = Array.from({ length: 100 }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(1000));
    await new Promise((r) => setTimeout(r, 100));
    for (const part of input) writer.write(part);
    await exited;
    writer.dispose();
    const { execFileSync } = await import('node:child_process');
    const expected = execFileSync('cksum', { input: input.join('') }).toString().trim();
    expect(out.trim()).toBe(expected);
  });
});
