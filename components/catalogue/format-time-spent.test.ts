// formatTimeSpent: seconds in words for the catalogue's cards.
import { describe, expect, it } from 'vitest';
import { formatTimeSpent } from './format-time-spent';

describe('formatTimeSpent', () => {
  it('rounds down to whole minutes and hours', () => {
    expect(formatTimeSpent(0)).toBe('under a minute');
    expect(formatTimeSpent(59)).toBe('under a minute');
    expect(formatTimeSpent(60)).toBe('1 min');
    expect(formatTimeSpent(59 * 60 + 59)).toBe('59 min');
    expect(formatTimeSpent(3600)).toBe('1 h');
    expect(formatTimeSpent(3600 + 5 * 60)).toBe('1 h 5 min');
  });
});
