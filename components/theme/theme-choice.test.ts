// The theme choice: parsing what localStorage holds and resolving it against the system's preference.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isDark, parseThemeChoice, THEME_SCRIPT } from './theme-choice';

describe('theme choice', () => {
  it('reads only the three known values; anything else means the system', () => {
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('light')).toBe('light');
    expect(parseThemeChoice(null)).toBe('system');
    expect(parseThemeChoice('purple')).toBe('system');
  });

  it('follows the system only when the choice is the system', () => {
    expect(isDark('system', true)).toBe(true);
    expect(isDark('system', false)).toBe(false);
    expect(isDark('light', true)).toBe(false);
    expect(isDark('dark', false)).toBe(true);
  });

  it('the inline script sets the class as isDark says', () => {
    for (const stored of [null, 'light', 'dark', 'junk']) {
      for (const systemDark of [false, true]) {
        const classes = new Set<string>();
        const env = {
          localStorage: { getItem: () => stored },
          window: { matchMedia: () => ({ matches: systemDark }) },
          document: { documentElement: { classList: { toggle: (c: string, on: boolean) => (on ? classes.add(c) : classes.delete(c)) } } },
        };
        // The script as the page's head runs it, with these three as its globals.
        runInNewContext(THEME_SCRIPT, env);
        expect(classes.has('dark')).toBe(isDark(parseThemeChoice(stored), systemDark));
      }
    }
  });
});
