import { describe, expect, it } from 'vitest';
import { mountHolding, parseMountinfo, propagationOf } from './mountinfo';

const SAMPLE = [
  '71 46 0:41 /newroot / ro,nosuid,nodev,relatime - tmpfs tmpfs rw',
  '111 71 0:47 / /root rw,nosuid,nodev,relatime shared:5 - tmpfs tmpfs rw,size=65536k',
  '139 111 0:52 / /root/rootfs/mnt rw,relatime master:5 - tmpfs tmpfs rw,size=1024k',
  '140 111 0:53 / /root/with\\040space rw - tmpfs none rw',
].join('\n');

describe('parseMountinfo', () => {
  const mounts = parseMountinfo(SAMPLE);

  it('reads ids, mount points, filesystems and peer groups', () => {
    expect(mounts).toHaveLength(4);
    expect(mounts[1]).toEqual({ id: 111, parent: 71, mountPoint: '/root', fstype: 'tmpfs', source: 'tmpfs', shared: 5, master: null });
    expect(mounts[2]).toMatchObject({ parent: 111, mountPoint: '/root/rootfs/mnt', shared: null, master: 5 });
    expect(mounts[3]!.mountPoint).toBe('/root/with space');
  });

  it('names the propagation as findmnt does', () => {
    expect(mounts.map(propagationOf)).toEqual(['private', 'shared (peer group 5)', 'slave (of peer group 5)', 'private']);
  });

  it('finds the mount that holds a path', () => {
    expect(mountHolding(mounts, '/root/rootfs/mnt/note')?.id).toBe(139);
    expect(mountHolding(mounts, '/root/rootfs')?.id).toBe(111);
    expect(mountHolding(mounts, '/rootless')?.id).toBe(71);
  });
});
