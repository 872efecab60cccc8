import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../core/protocol';
import { addExplanation, dismissExplanation, explanationsFor, MAX_PER_TERMINAL } from './explanation-list';

const e = (id: Explanation['id'], terminal: string, at: number): Explanation => ({
  sessionId: 's',
  id,
  terminal,
  title: `${id} ${at}`,
  body: [],
  why: [],
  fix: [],
  man: { page: 'p(7)', section: 's', url: 'u' },
  at,
});

describe('explanation list', () => {
  it('keeps the newest first and replaces the same mistake in the same terminal', () => {
    let list = addExplanation([], e('pid-no-fork', 'one', 1));
    list = addExplanation(list, e('stale-proc', 'one', 2));
    list = addExplanation(list, e('pid-no-fork', 'two', 3));
    list = addExplanation(list, e('pid-no-fork', 'one', 4));
    expect(list.map((x) => x.title)).toEqual(['pid-no-fork 4', 'pid-no-fork 3', 'stale-proc 2']);
    expect(explanationsFor(list, 'one').map((x) => x.at)).toEqual([4, 2]);
  });

  it('keeps a few per terminal and dismisses one by terminal and mistake', () => {
    let list = addExplanation([], e('nsenter-gone', 'two', 0));
    for (const [i, id] of (['pid-no-fork', 'stale-proc', 'id-map-twice', 'no-privilege'] as const).entries()) list = addExplanation(list, e(id, 'one', i));
    expect(explanationsFor(list, 'one')).toHaveLength(MAX_PER_TERMINAL);
    expect(explanationsFor(list, 'two')).toHaveLength(1);
    list = dismissExplanation(list, { terminal: 'one', id: 'no-privilege' });
    expect(explanationsFor(list, 'one').map((x) => x.id)).toEqual(['id-map-twice', 'stale-proc']);
  });
});
