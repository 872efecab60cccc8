// The colour theme a learner chose (or the system's), remembered in localStorage and shown as a class on <html>.

export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
export const THEME_STORAGE_KEY = 'nslab:theme';
export const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * Runs inline in <head> before the first paint, so a dark page never flashes light: it reads the stored
 * choice and sets the `dark` class. Plain ES5 in a string (it runs before any bundle); a blocked
 * localStorage (private mode, a strict policy) falls back to the system's preference.
 */
export const THEME_SCRIPT = `(function(){var c=null;try{c=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)})}catch(e){}var d=c==="dark"||(c!=="light"&&window.matchMedia(${JSON.stringify(DARK_QUERY)}).matches);document.documentElement.classList.toggle("dark",d)})()`;

export function parseThemeChoice(stored: string | null): ThemeChoice {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** Whether the page is dark for a choice, given whether the system prefers dark. */
export function isDark(choice: ThemeChoice, systemDark: boolean): boolean {
  return choice === 'dark' || (choice === 'system' && systemDark);
}
