import { describe, expect, it } from 'vitest';
import { BASE, sampleProcess } from '../../../core/probe/sample-snapshot';
import { explain, fakeLabState, spot, wordsOf } from '../fake-lab-state';
import { staleProc } from './stale-proc';

const BUSYBOX_PS = 'root@lab:~# busybox ps\nPID   USER     COMMAND\n    1 root     bwrap\n    8 root     /bin/bash -l';

/** Terminal one ran `unshare --pid --fork bash` (`mnt`: and a new mount namespace): bash is PID 7, 1 inside pid 300. */
const inNewPidNs = (procNs: number, mnt: number = BASE.mnt) =>
  fakeLabState(
    [
      sampleProcess(1, 0, 'bwrap'),
      sampleProcess(3, 1, 'bash', 'one'),
      sampleProcess(6, 3, 'unshare', 'one', { pid_for_children: 300, mnt }),
      { ...sampleProcess(7, 6, 'bash', 'one', { pid: 300, pid_for_children: 300, mnt }), nspid: [7, 1] },
    ],
    { procPidNs: { 7: procNs } },
  );

describe('stale-proc', () => {
  it('spots procps failing and any ps that lists processes', () => {
    expect(spot(staleProc, 'root@lab:~# ps\nfatal library error, lookup self')).not.toBeNull();
    expect(spot(staleProc, BUSYBOX_PS)).not.toBeNull();
    expect(spot(staleProc, 'root@lab:~# ls\nbin')).toBeNull();
  });

  it("explains that /proc is the old namespace's, from the shell's view of /proc", async () => {
    const draft = await explain(staleProc, 'root@lab:~# ps\nfatal library error, lookup self', inNewPidNs(BASE.pid));
    expect(draft?.id).toBe('stale-proc');
    expect(wordsOf(draft)).toContain('pid:[300]');
    expect(wordsOf(draft)).toContain(`pid:[${BASE.pid}], the sandbox's own`);
    expect(wordsOf(draft)).toContain('lookup self');
    expect(draft?.fix.map((f) => f.command)).toEqual(['exit', 'unshare --pid --fork --mount-proc bash']);
  });

  it('offers a fresh proc right there when the shell has a mount namespace of its own', async () => {
    const draft = await explain(staleProc, BUSYBOX_PS, inNewPidNs(BASE.pid, 400));
    expect(draft?.fix.map((f) => f.command)).toEqual(['mount -t proc proc /proc']);
  });

  it("says nothing when /proc is the shell's own, or the shell is in the sandbox's pid namespace", async () => {
    expect(await explain(staleProc, BUSYBOX_PS, inNewPidNs(300))).toBeNull();
    const plain = fakeLabState([sampleProcess(1, 0, 'bwrap'), sampleProcess(3, 1, 'bash', 'one')], { procPidNs: { 3: BASE.pid } });
    expect(await explain(staleProc, BUSYBOX_PS, plain)).toBeNull();
  });
});
