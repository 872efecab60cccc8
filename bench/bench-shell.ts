// The shell every baseline runs: `bash -l` as the host lab machine spawns it, 100×30, bytes not strings.
import os from 'node:os';
import * as pty from 'node-pty';

export function spawnBenchShell(): pty.IPty {
  return pty.spawn('bash', ['-l'], {
    name: 'xterm-256color',
    cols: 100,
    rows: 30,
    cwd: os.homedir(),
    env: { ...process.env, TERM: 'xterm-256color' },
    encoding: null,
  });
}
