// Preflight: the package table is complete and true, missing packages are named with the command that installs them, forbidden user namespaces are explained.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { userNamespaceProblems } from '../machine/sandbox/preflight';
import { REQUIRED_PROGRAMS, ensurePackages, missingPackages } from './install-packages';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'nslab-preflight-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('packages', () => {
  it('finds nothing missing on this machine', () => {
    expect(missingPackages()).toEqual([]);
  });

  it('names the missing packages and the command, without installing, when not root', () => {
    const empty = tempDir();
    expect(missingPackages(empty)).toEqual(expect.arrayContaining(['bubblewrap', 'busybox-static', 'util-linux']));
    const result = ensurePackages(() => undefined, { searchPath: empty, isRoot: false });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/sudo apt-get install -y bubblewrap busybox-static/);
  });

  it('installs every tool the lessons use and a learner of namespaces reaches for', () => {
    const learnerTools = [
      'ping',
      'ip',
      'ss',
      'ps',
      'pgrep',
      'pkill',
      'kill',
      'pstree',
      'lsns',
      'nsenter',
      'unshare',
      'setpriv',
      'hostname',
      'domainname',
      'mount',
      'umount',
      'findmnt',
      'ipcmk',
      'ipcs',
      'ipcrm',
      'chroot',
      'strace',
      'busybox',
    ];
    expect(REQUIRED_PROGRAMS.map((r) => r.program)).toEqual(expect.arrayContaining(learnerTools));
    const empty = tempDir();
    expect(missingPackages(empty)).toEqual(expect.arrayContaining(['iputils-ping', 'strace', 'hostname', 'mount', 'psmisc', 'coreutils']));
  });

  // CI's fresh Debian and the Vagrant VM install the same packages up front, not on the first `npm start`.
  it.each([
    ['.ci/run', /^apt-get install -y -q (.*)$/m],
    ['vagrant/provision.sh', /^PACKAGES="(.*)"$/m],
  ])('%s installs every package preflight would', (file, line) => {
    const listed = (line.exec(readFileSync(file, 'utf8'))?.[1] ?? '').split(' ');
    expect(listed).toEqual(expect.arrayContaining([...new Set(REQUIRED_PROGRAMS.map((r) => r.pkg))]));
  });

  // Keeps the table honest: each program really comes from the package it names (merged /usr: dpkg knows either path).
  const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
  it.skipIf(!hasDpkg)('names the package that really ships each program', () => {
    const binDirs = ['/usr/bin', '/usr/sbin', '/bin', '/sbin'];
    const paths = REQUIRED_PROGRAMS.flatMap(({ program }) => binDirs.map((dir) => `${dir}/${program}`));
    // Lines like "procps: /bin/kill"; paths no package owns only add "no path found" to stderr.
    const owners = spawnSync('dpkg-query', ['-S', ...paths], { encoding: 'utf8' }).stdout;
    const actual = REQUIRED_PROGRAMS.map(({ program, pkg }) => {
      const owner = new RegExp(`^([a-z0-9.+-]+)(:[a-z0-9]+)?: /(usr/)?s?bin/${program}$`, 'm').exec(owners);
      return { program, pkg: owner?.[1] ?? `no package owns it (expected ${pkg})` };
    });
    expect(actual).toEqual(REQUIRED_PROGRAMS.map(({ program, pkg }) => ({ program, pkg })));
  });
});

describe('user namespaces', () => {
  const fakeProcSys = (settings: Record<string, string>) => {
    const root = tempDir();
    for (const [file, value] of Object.entries(settings)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), `${value}\n`);
    }
    return root;
  };

  it('explains the Ubuntu AppArmor restriction with its fix', async () => {
    const problems = await userNamespaceProblems(fakeProcSys({ 'kernel/apparmor_restrict_unprivileged_userns': '1' }));
    expect(problems).toEqual([expect.objectContaining({ fix: 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0' })]);
  });

  it('explains the old Debian switch and a zero namespace limit', async () => {
    const problems = await userNamespaceProblems(fakeProcSys({ 'kernel/unprivileged_userns_clone': '0', 'user/max_user_namespaces': '0' }));
    expect(problems.map((p) => p.fix)).toEqual(['sudo sysctl -w kernel.unprivileged_userns_clone=1', 'sudo sysctl -w user.max_user_namespaces=15000']);
  });

  it('finds no problem on this machine', async () => {
    expect(await userNamespaceProblems()).toEqual([]);
  });
});
