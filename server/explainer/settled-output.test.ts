import { describe, expect, it } from 'vitest';
import { SettledOutput, words } from './settled-output';

describe('SettledOutput', () => {
  it("finds the command each output line came from, at any of the lab shells' prompts", () => {
    const out = new SettledOutput(
      'one',
      ['ls /nope', 'ls: cannot access', 'root@lab:~# unshare --pid sh', '# ls', 'sh: 2: Cannot fork', '~ # cat /x', "cat: can't open '/x'", 'learner@lab:~$ id'].join('\n'),
    );
    expect(out.commandBefore(1)).toBe('ls /nope');
    expect(out.commandBefore(4)).toBe('ls');
    expect(out.commandBefore(6)).toBe('cat /x');
    expect(out.commands().map((c) => c.command)).toEqual(['ls /nope', 'unshare --pid sh', 'ls', 'cat /x', 'id']);
  });

  it('applies the backspaces of line editing', () => {
    const out = new SettledOutput('one', 'root@lab:~# lss\b \b /\nfile');
    expect(out.commandBefore(1)).toBe('ls /');
  });

  it('takes the last matching line', () => {
    const out = new SettledOutput('one', 'a 1\nb\na 2');
    expect(out.last(/^a (\d)$/)?.match[1]).toBe('2');
    expect(out.last(/^c$/)).toBeNull();
  });

  it('splits a command line into words without quotes', () => {
    expect(words(`echo '0 0 1' > /proc/42/uid_map`)).toEqual(['echo', '0 0 1', '/proc/42/uid_map']);
    expect(words('ls /mnt; cat "/a b"')).toEqual(['ls', '/mnt', 'cat', '/a b']);
  });
});
