// CheckHistory: failures kept newest first and capped, failures in a row per step, and the step clock restarting on a pass.
import { describe, expect, it } from 'vitest';
import { CheckHistory, FAILED_CHECKS_KEPT } from './check-history';

describe('CheckHistory', () => {
  it('counts failures in a row on the current step and restarts the clock when the step moves on', () => {
    const h = new CheckHistory('a', 1000);
    h.record('a', false, 'no', 'a', 2000);
    h.record('a', false, 'still no', 'a', 3000);
    h.record('a', false, 'not yet', 'a', 4000);
    expect(h.failuresInARow).toBe(3);
    expect(h.failures[0]).toEqual({ stepId: 'a', reason: 'not yet', at: 4000 });
    expect(h.stepStartedAt).toBe(1000);
    h.record('a', true, 'done', 'b', 5000);
    expect(h.failuresInARow).toBe(0);
    expect(h.stepStartedAt).toBe(5000);
  });

  it('keeps only the most recent failures', () => {
    const h = new CheckHistory('a');
    for (let i = 0; i < FAILED_CHECKS_KEPT + 5; i++) h.record('a', false, `r${i}`, 'a');
    expect(h.failures).toHaveLength(FAILED_CHECKS_KEPT);
    expect(h.failures[0]!.reason).toBe(`r${FAILED_CHECKS_KEPT + 4}`);
  });
});
