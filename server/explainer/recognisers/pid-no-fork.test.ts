import { describe, expect, it } from 'vitest';
import { BASE, sampleProcess } from '../../../core/probe/sample-snapshot';
import { explain, fakeLabState, spot, wordsOf } from '../fake-lab-state';
import { pidNoFork } from './pid-no-fork';

/** Terminal one ran `unshare --pid bash`: bash (PID 5) stayed in the sandbox's pid namespace, its children go to 300. */
const stuck = (withInit: boolean) =>
  fakeLabState([
    sampleProcess(1, 0, 'bwrap'),
    sampleProcess(3, 1, 'bash', 'one'),
    sampleProcess(5, 3, 'bash', 'one', { pid_for_children: 300 }),
    ...(withInit ? [{ ...sampleProcess(6, 5, 'sleep', 'one', { pid: 300 }), nspid: [6, 1] }] : []),
  ]);

describe('pid-no-fork', () => {
  it('spots the fork failure as bash, dash, busybox and zsh print it', () => {
    for (const line of ['bash: fork: Cannot allocate memory', 'sh: 2: Cannot fork', "sh: can't fork: Cannot allocate memory", 'zsh: fork failed: cannot allocate memory']) {
      expect(spot(pidNoFork, `root@lab:~# ls\n${line}\nroot@lab:~# `), line).not.toBeNull();
    }
    expect(spot(pidNoFork, 'root@lab:~# ls\nbin  etc')).toBeNull();
  });

  it('explains from the state: the shell, its own pid namespace and the one without init', async () => {
    const draft = await explain(pidNoFork, 'root@lab:~# ls /\nbash: fork: Cannot allocate memory', stuck(false));
    expect(draft?.id).toBe('pid-no-fork');
    expect(wordsOf(draft)).toContain('PID 5 (`bash`, Terminal 1)');
    expect(wordsOf(draft)).toContain(`pid:[${BASE.pid}]`);
    expect(wordsOf(draft)).toContain('pid:[300]');
    expect(draft?.fix.map((f) => f.command)).toEqual(['exit', 'unshare --pid --fork bash']);
    expect(draft?.man.url).toMatch(/^https:\/\/man7\.org\/linux\/man-pages\/man7\/pid_namespaces\.7\.html#:~:text=The%20namespace%20init%20process$/);
  });

  it('says nothing when the state contradicts the text (an echo, or a namespace whose init lives)', async () => {
    const healthy = fakeLabState([sampleProcess(1, 0, 'bwrap'), sampleProcess(3, 1, 'bash', 'one')]);
    expect(await explain(pidNoFork, 'root@lab:~# echo bash: fork: Cannot allocate memory\nbash: fork: Cannot allocate memory', healthy)).toBeNull();
    expect(await explain(pidNoFork, 'bash: fork: Cannot allocate memory', stuck(true))).toBeNull();
    // Another terminal's stuck shell is not this terminal's mistake.
    expect(await explain(pidNoFork, 'bash: fork: Cannot allocate memory', stuck(false), 'two')).toBeNull();
  });
});
