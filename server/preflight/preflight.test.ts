// Preflight: missing packages are named with the command that installs them; forbidden user namespaces are explained.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { userNamespaceProblems } from '../machine/sandbox/preflight';
import { ensurePackages, missingPackages } from './install-packages';

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
