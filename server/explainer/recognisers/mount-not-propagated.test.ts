import { describe, expect, it } from 'vitest';
import { sampleProcess } from '../../../core/probe/sample-snapshot';
import type { MountEntry } from '../lab-state/mountinfo';
import { explain, fakeLabState, spot, wordsOf } from '../fake-lab-state';
import { mountNotPropagated } from './mount-not-propagated';

const mount = (id: number, parent: number, mountPoint: string, peers: Partial<Pick<MountEntry, 'shared' | 'master'>> = {}): MountEntry => ({
  id,
  parent,
  mountPoint,
  fstype: 'tmpfs',
  source: 'tmpfs',
  shared: null,
  master: null,
  ...peers,
});

/** Terminal one's busybox sh (PID 42) is chrooted in /root/rootfs, in a copy (mnt 600) of the sandbox's mount namespace. */
function lab({ outsideRoot = {}, insideRoot = {}, mounted = true } = {}) {
  return fakeLabState([sampleProcess(1, 0, 'bwrap'), sampleProcess(3, 1, 'bash', 'one'), { ...sampleProcess(42, 3, 'sh', 'one', { mnt: 600 }), args: '/bin/sh' }, sampleProcess(4, 1, 'bash', 'two')], {
    mounts: {
      3: { root: '/', mounts: [mount(71, 46, '/'), mount(111, 71, '/root', outsideRoot), ...(mounted ? [mount(139, 111, '/root/rootfs/mnt')] : [])] },
      42: { root: '/root/rootfs', mounts: [mount(200, 190, '/'), mount(201, 200, '/root', insideRoot), mount(202, 201, '/root/rootfs/proc')] },
    },
  });
}

const CAT = "/ # cat /mnt/note\ncat: can't open '/mnt/note': No such file or directory";

describe('mount-not-propagated', () => {
  it('spots commands that look at a path or the mount table, not ones that change it', () => {
    expect(spot(mountNotPropagated, CAT)).not.toBeNull();
    expect(spot(mountNotPropagated, '/ # ls /mnt')).not.toBeNull();
    expect(spot(mountNotPropagated, '/ # mount\nproc on /proc type proc')).not.toBeNull();
    expect(spot(mountNotPropagated, '/ # mount -t proc proc /proc')).toBeNull();
    expect(spot(mountNotPropagated, '/ # echo hi')).toBeNull();
  });

  it('explains the missing mount from both mount tables, with the relaunch that keeps them shared', async () => {
    const draft = await explain(mountNotPropagated, CAT, lab());
    expect(draft?.id).toBe('mount-not-propagated');
    expect(wordsOf(draft)).toContain('`/root/rootfs/mnt`');
    expect(wordsOf(draft)).toContain('mnt:[600]');
    expect(wordsOf(draft)).toContain('`/mnt` is no mount point');
    expect(wordsOf(draft)).toContain('is private outside and private in the copy');
    expect(draft?.fix.map((f) => f.command)).toEqual(['findmnt -o TARGET,PROPAGATION', 'exit', 'mount --make-shared /root', 'unshare --mount --propagation shared chroot /root/rootfs /bin/sh']);
    expect(draft?.man.url).toContain('mount_namespaces.7.html');
  });

  it('skips --make-shared when the outside was shared and only the copy was made private', async () => {
    const draft = await explain(mountNotPropagated, CAT, lab({ outsideRoot: { shared: 5 } }));
    expect(wordsOf(draft)).toContain('shared (peer group 5) outside and private in the copy');
    expect(draft?.fix.map((f) => f.command)).not.toContain('mount --make-shared /root');
  });

  it('says nothing when the mounts are peers (or slaves of the outside), or nothing is missing', async () => {
    expect(await explain(mountNotPropagated, CAT, lab({ outsideRoot: { shared: 5 }, insideRoot: { shared: 5 } }))).toBeNull();
    expect(await explain(mountNotPropagated, CAT, lab({ outsideRoot: { shared: 5 }, insideRoot: { master: 5 } }))).toBeNull();
    expect(await explain(mountNotPropagated, CAT, lab({ mounted: false }))).toBeNull();
    // A shell in the sandbox's own mount namespace has no "outside".
    expect(await explain(mountNotPropagated, 'root@lab:~# ls /root/rootfs/mnt', lab(), 'two')).toBeNull();
  });
});
