// A step's `watch`: validated when the lesson loads, matched against timeline entries by call and flags.
import { describe, expect, it } from 'vitest';
import { matchesWatch, Watch } from './watch';

describe('Watch', () => {
  it('takes a traced call with optional flags', () => {
    expect(Watch.parse(' setns ')).toBe('setns');
    expect(Watch.parse('unshare CLONE_NEWPID CLONE_NEWNS')).toBe('unshare CLONE_NEWPID CLONE_NEWNS');
  });

  it('refuses a call the timeline does not show, or flags that are not names, saying why', () => {
    expect(Watch.safeParse('execve').error?.issues[0]?.message).toMatch(/names a call the timeline shows/);
    expect(Watch.safeParse('unshare --pid').error?.issues[0]?.message).toMatch(/flags are names in capitals/);
  });
});

describe('matchesWatch', () => {
  it('matches the call and every flag named', () => {
    const entry = { call: 'unshare', flags: ['CLONE_NEWNS', 'CLONE_NEWPID'] };
    expect(matchesWatch('unshare', entry)).toBe(true);
    expect(matchesWatch('unshare CLONE_NEWPID', entry)).toBe(true);
    expect(matchesWatch('unshare CLONE_NEWUTS', entry)).toBe(false);
    expect(matchesWatch('setns', entry)).toBe(false);
  });
});
