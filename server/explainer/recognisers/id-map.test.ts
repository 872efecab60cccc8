import { describe, expect, it } from 'vitest';
import { sampleProcess } from '../../../core/probe/sample-snapshot';
import { explain, fakeLabState, spot, wordsOf } from '../fake-lab-state';
import { idMap } from './id-map';

/** PID 10 is bash in a new user namespace 500 (map `uidMap`/`gidMap`); the writer is terminal two's shell (uid `writerUid`). */
const userNs = ({ uidMap = '', gidMap = '', writerUid = 0, setgroups = 'allow' }: { uidMap?: string; gidMap?: string; writerUid?: number; setgroups?: 'allow' | 'deny' } = {}) =>
  fakeLabState(
    [
      sampleProcess(1, 0, 'bwrap'),
      sampleProcess(3, 1, 'bash', 'one'),
      { ...sampleProcess(10, 3, 'bash', 'one', { user: 500 }), uid: 65534, uidMap, gidMap },
      { ...sampleProcess(4, 1, 'bash', 'two'), uid: writerUid, gid: writerUid },
    ],
    { setgroups: { 10: setgroups } },
  );

const BASH = (file: string, pid = '10') => `root@lab:~# echo '0 1000 1' > /proc/${pid}/${file}\nbash: echo: write error: Operation not permitted`;

describe('id-map', () => {
  it('spots a refused write to a map as bash, dash, busybox and tee say it', () => {
    expect(spot(idMap, BASH('uid_map'))).not.toBeNull();
    expect(spot(idMap, `# echo '0 0 1' > /proc/10/uid_map\nsh: 1: echo: echo: I/O error`)).not.toBeNull();
    expect(spot(idMap, `/ # echo '0 0 1' > /proc/10/gid_map\nsh: write error: Operation not permitted`)).not.toBeNull();
    expect(spot(idMap, `root@lab:~# echo 0 0 1 | tee /proc/$P/uid_map\n0 0 1\ntee: /proc/10/uid_map: Operation not permitted`)).not.toBeNull();
    // The same error about another file is not about maps.
    expect(spot(idMap, `root@lab:~# echo x > /proc/sys/kernel/hostname\nbash: echo: write error: Operation not permitted`)).toBeNull();
  });

  it('explains a map written twice, quoting what it holds', async () => {
    const draft = await explain(idMap, BASH('uid_map'), userNs({ uidMap: '0 1000 1' }), 'two');
    expect(draft?.id).toBe('id-map-twice');
    expect(wordsOf(draft)).toContain('`0 1000 1`');
    expect(wordsOf(draft)).toContain('PID 10 (`bash`, Terminal 1)');
    expect(draft?.fix[0]?.command).toBe('cat /proc/10/uid_map');
    expect(draft?.man.page).toBe('user_namespaces(7)');
  });

  it('explains gid_map before deny for an unprivileged writer, and not for root of the parent namespace', async () => {
    const draft = await explain(idMap, BASH('gid_map'), userNs({ uidMap: '0 1000 1', writerUid: 1000 }), 'two');
    expect(draft?.id).toBe('gid-map-setgroups');
    expect(draft?.fix.map((f) => f.command)).toEqual(['echo deny > /proc/10/setgroups', "echo '0 1000 1' > /proc/10/gid_map"]);
    expect(await explain(idMap, BASH('gid_map'), userNs({ writerUid: 0 }), 'two')).toBeNull();
    expect(await explain(idMap, BASH('gid_map'), userNs({ writerUid: 1000, setgroups: 'deny' }), 'two')).toBeNull();
  });

  it('explains a write from inside the namespace ($$ is the writing shell)', async () => {
    const draft = await explain(idMap, `nobody@lab:~$ echo '0 1000 1' > /proc/$$/uid_map\nbash: echo: write error: Operation not permitted`, userNs());
    expect(draft?.id).toBe('id-map-from-inside');
    expect(wordsOf(draft)).toContain('`nobody`');
  });

  it('says nothing about a PID that is not in a user namespace of its own, or does not exist', async () => {
    expect(await explain(idMap, BASH('uid_map', '3'), userNs(), 'two')).toBeNull();
    expect(await explain(idMap, BASH('uid_map', '77'), userNs(), 'two')).toBeNull();
  });
});
