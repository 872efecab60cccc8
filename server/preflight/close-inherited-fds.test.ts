// A descriptor the server inherits (not close-on-exec) is closed at start, so no sandbox ever receives it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('closeInheritedFds', () => {
  it('closes what the parent passed down, and nothing of Node’s own', () => {
    // fd 200 of the child: opened by a shell (so without close-on-exec) and inherited, as a parent process might.
    // (Node itself marks low inherited descriptors close-on-exec at start, but not high ones.)
    const script = [
      "import { closeInheritedFds } from './server/preflight/close-inherited-fds.ts';",
      "import { execSync } from 'node:child_process';",
      'const closed = closeInheritedFds();',
      // A child started afterwards sees only its standard streams (and the listing's own descriptor).
      "const seen = execSync('ls /proc/self/fd').toString().trim().split(/\\s+/).map(Number).filter((n) => n > 2);",
      'console.log(JSON.stringify({ closed, seen }));',
    ].join('\n');
    const run = spawnSync('bash', ['-c', 'exec "$0" --import tsx --input-type=module -e "$1" 200</dev/null', process.execPath, script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const { closed, seen } = JSON.parse(run.stdout) as { closed: number[]; seen: number[] };
    expect(closed).toContain(200);
    // `ls` lists one descriptor of its own (the directory it reads).
    expect(seen.length).toBeLessThanOrEqual(1);
  });
});
