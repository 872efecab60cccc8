import { describe, expect, it } from 'vitest';
import { sampleProcess } from '../../../core/probe/sample-snapshot';
import { explain, fakeLabState, spot, wordsOf } from '../fake-lab-state';
import { nsenterGone } from './nsenter-gone';

const UTIL_LINUX = 'root@lab:~# nsenter -t 1234 -n ip a\nnsenter: cannot open /proc/1234/ns/net: No such file or directory';

const lab = fakeLabState([
  sampleProcess(1, 0, 'bwrap'),
  sampleProcess(3, 1, 'bash', 'one'),
  sampleProcess(42, 3, 'bash', 'one', { net: 700 }),
  sampleProcess(43, 42, 'sleep', 'one', { net: 700 }),
  sampleProcess(4, 1, 'bash', 'two'),
]);

describe('nsenter-gone', () => {
  it('spots util-linux and busybox nsenter failing to open the namespace files', () => {
    expect(spot(nsenterGone, UTIL_LINUX)).not.toBeNull();
    expect(spot(nsenterGone, "nsenter: can't open '/proc/1234/ns/net': No such file or directory")).not.toBeNull();
    expect(spot(nsenterGone, 'nsenter: stat of /proc/1234/ns/user failed: No such file or directory')).not.toBeNull();
  });

  it('lists the live namespaces of the type and retypes the command with a live PID', async () => {
    const draft = await explain(nsenterGone, UTIL_LINUX, lab, 'two');
    expect(draft?.title).toBe('There is no process 1234 to enter');
    expect(wordsOf(draft)).toContain('net:[700] with PID 42 (`bash`, Terminal 1)');
    expect(draft?.fix.map((f) => f.command)).toEqual(['lsns -t net', 'nsenter -t 42 -n ip a']);
  });

  it('says when there is no namespace of that type to enter', async () => {
    const draft = await explain(nsenterGone, 'root@lab:~# nsenter -t 1234 -u\nnsenter: cannot open /proc/1234/ns/uts: No such file or directory', lab, 'two');
    expect(wordsOf(draft)).toContain('no process of your sandbox is in a uts namespace');
    expect(draft?.fix.map((f) => f.command)).toEqual(['lsns -t uts']);
  });

  it('says nothing when the PID is alive', async () => {
    expect(await explain(nsenterGone, 'nsenter: cannot open /proc/43/ns/net: No such file or directory', lab, 'two')).toBeNull();
  });
});
