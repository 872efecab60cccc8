// Tests for the `host` lab machine: a real login shell and exec on this host.
import { afterAll, describe, expect, it } from 'vitest';
import { createHostMachine } from './host-machine';

const machine = createHostMachine();

afterAll(() => machine.dispose());

describe('host machine', () => {
  it('runs a login shell on a pty', async () => {
    const opened = await machine.openSandbox('host-shell');
    if (!opened.ok) throw new Error(opened.error.message);
    const shell = opened.value.spawnShell({ cols: 80, rows: 24 });
    if (!shell.ok) throw new Error(shell.error.message);
    let out = '';
    shell.value.onData((d: string | Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => shell.value.onExit(() => resolve()));
    shell.value.write('echo "sum=$((40 + 2))"; stty size\r');
    await expect.poll(() => out, { timeout: 5_000 }).toMatch(/sum=42[\s\S]*24 80/);
    await opened.value.dispose();
    await exited;
    await opened.value.dispose();
  });

  it('execs programs with input, exit codes and timeouts', async () => {
    const opened = await machine.openSandbox('host-exec');
    if (!opened.ok) throw new Error(opened.error.message);
    const sandbox = opened.value;
    expect(await sandbox.exec(['sh', '-c', 'cat; echo oops >&2; exit 4'], { input: 'hi' })).toEqual({ exitCode: 4, stdout: 'hi', stderr: 'oops\n', timedOut: false });
    expect((await sandbox.exec(['sleep', '30'], { timeoutMs: 200 })).timedOut).toBe(true);
    expect((await sandbox.exec(['/nonexistent/program'])).exitCode).toBeNull();
  });
});
