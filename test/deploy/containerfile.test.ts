// deploy/Containerfile and its entrypoint, read (no container engine runs here): Debian 12, every package the lab needs, the web app built in the image.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_PROGRAMS, TRACING_PROGRAMS } from '../../server/preflight/install-packages';

const ROOT = path.resolve(__dirname, '../..');
const containerfile = readFileSync(path.join(ROOT, 'deploy/Containerfile'), 'utf8');
/** The packages the runtime stage installs (its `apt-get install` line). */
const runtimeStage = containerfile.slice(containerfile.lastIndexOf('\nFROM '));
const installed = new Set(/apt-get install[^&]*/.exec(runtimeStage)?.[0].split(/[\s\\]+/) ?? []);

describe('deploy/Containerfile', () => {
  it('builds and runs on Debian 12 (bookworm)', () => {
    const bases = [...containerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/bookworm/);
  });

  it('installs every package the sandbox, the lessons and the tracer need', () => {
    const needed = [...new Set([...REQUIRED_PROGRAMS, ...TRACING_PROGRAMS].map((r) => r.pkg))];
    expect(needed.filter((pkg) => !installed.has(pkg))).toEqual([]);
    expect(installed.has('tini')).toBe(true);
  });

  it('builds the web app at image build time and starts with npm start under the entrypoint', () => {
    expect(containerfile).toMatch(/^RUN npm ci$/m);
    expect(containerfile).toMatch(/npm run build/);
    // The stamp npm start compares: without it the first start would build again.
    expect(containerfile).toContain('.next/nslab-build-inputs');
    expect(containerfile).toContain('isBuildFresh');
    expect(containerfile).toMatch(/^ENTRYPOINT \["nslab-entrypoint"\]$/m);
    expect(containerfile).toMatch(/^CMD \["npm", "start"\]$/m);
  });

  it('the entrypoint passes shellcheck and runs its command (cgroup v1 or a cgroup that is not the namespace root: nothing to move)', () => {
    const script = path.join(ROOT, 'deploy/container-entrypoint.sh');
    const check = spawnSync('shellcheck', [script], { encoding: 'utf8' });
    expect(check.error, 'shellcheck is not installed: apt-get install -y shellcheck').toBeUndefined();
    expect(check.stdout + check.stderr).toBe('');
    const v2Root = spawnSync('sh', ['-c', '[ -f /sys/fs/cgroup/cgroup.controllers ] && [ "$(cat /proc/self/cgroup)" = "0::/" ]']).status === 0;
    // On the root of a cgroup v2 namespace it would move this test's shell: only run it where it does not.
    if (v2Root) return;
    const run = spawnSync(script, ['echo', 'started'], { encoding: 'utf8' });
    expect(run.error, 'the entrypoint could not run').toBeUndefined();
    expect(run.stderr, 'tini is not installed: apt-get install -y tini').toBe('');
    expect(run.stdout).toBe('started\n');
  });
});
