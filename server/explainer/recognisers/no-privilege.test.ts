import { describe, expect, it } from 'vitest';
import { sampleProcess } from '../../../core/probe/sample-snapshot';
import type { ProbeProcess } from '../../../core/probe/probe-schema';
import { explain, fakeLabState, spot, wordsOf } from '../fake-lab-state';
import { noPrivilege } from './no-privilege';

const base = [sampleProcess(1, 0, 'bwrap'), sampleProcess(3, 1, 'bash', 'one'), { ...sampleProcess(4, 3, 'su', 'one') }];
const as = (shell: ProbeProcess) => fakeLabState([...base, shell]);
const learner = { ...sampleProcess(5, 4, 'bash', 'one'), uid: 1000, gid: 1000 };

describe('no-privilege', () => {
  it('spots unshare and mount refusals from util-linux and busybox', () => {
    for (const line of [
      'unshare: unshare failed: Operation not permitted',
      'unshare: unshare(0x4000000): Operation not permitted',
      'mount: /tmp: must be superuser to use mount.',
      'mount: /tmp: permission denied.',
      'mount: permission denied (are you root?)',
    ]) {
      expect(spot(noPrivilege, `learner@lab:~$ x\n${line}`), line).not.toBeNull();
    }
    expect(spot(noPrivilege, 'learner@lab:~$ cat /etc/shadow\ncat: /etc/shadow: Permission denied')).toBeNull();
  });

  it('explains to learner (uid 1000) and offers the same command as root of a new user namespace', async () => {
    const draft = await explain(noPrivilege, 'learner@lab:~$ unshare --uts bash\nunshare: unshare failed: Operation not permitted', as(learner));
    expect(draft?.id).toBe('no-privilege');
    expect(wordsOf(draft)).toContain('`learner` (uid 1000)');
    expect(draft?.fix.map((f) => f.command)).toEqual(['unshare --map-root-user --uts bash', 'exit']);
  });

  it('explains to nobody: an unmapped uid in a new user namespace', async () => {
    const nobody = { ...sampleProcess(5, 4, 'bash', 'one', { user: 500 }), uid: 1000, uidMap: '' };
    const draft = await explain(noPrivilege, 'nobody@lab:~$ mount -t tmpfs x /mnt\nmount: /mnt: must be superuser to use mount.', as(nobody));
    expect(wordsOf(draft)).toContain('`nobody` (uid 65534)');
    expect(draft?.fix.map((f) => f.command)).toEqual(['exit', 'unshare --map-root-user bash']);
  });

  it('explains a mount by root of a nested user namespace in a mount namespace it does not own', async () => {
    const nestedRoot = { ...sampleProcess(6, 5, 'bash', 'one', { user: 500 }), uid: 1000, uidMap: '0 1000 1' };
    const draft = await explain(noPrivilege, 'root@lab:~# mount -t tmpfs tmpfs /tmp\nmount: /tmp: permission denied.', fakeLabState([...base, learner, nestedRoot]));
    expect(draft?.title).toMatch(/not yours/);
    expect(draft?.fix.map((f) => f.command)).toEqual(['unshare --mount bash', 'mount -t tmpfs tmpfs /tmp']);
    // With a mount namespace of its own, the refusal has another cause.
    const withMnt = { ...nestedRoot, ns: { ...nestedRoot.ns, mnt: 600 } };
    expect(await explain(noPrivilege, 'mount: /tmp: permission denied.', fakeLabState([...base, learner, withMnt]))).toBeNull();
  });

  it('says nothing to root of the sandbox (an echo of the message)', async () => {
    expect(await explain(noPrivilege, 'unshare: unshare failed: Operation not permitted', as(sampleProcess(5, 3, 'bash', 'one')))).toBeNull();
  });
});
