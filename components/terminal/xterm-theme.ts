// The terminal's colours and font: a dark theme whose ANSI colours all stay readable on its background.
import type { ITerminalOptions, ITheme } from '@xterm/xterm';

export const XTERM_THEME: ITheme = {
  background: '#0e1116',
  foreground: '#d7dce3',
  cursor: '#5eead4',
  cursorAccent: '#0e1116',
  selectionBackground: '#2f4a5c',
  black: '#1b1f27',
  red: '#f47171',
  green: '#7ad08c',
  yellow: '#e6c46a',
  blue: '#74a7f7',
  magenta: '#c99bf0',
  cyan: '#5fd0d6',
  white: '#d7dce3',
  brightBlack: '#6b7685',
  brightRed: '#ff9a9a',
  brightGreen: '#a2e6b0',
  brightYellow: '#f3da94',
  brightBlue: '#a1c4ff',
  brightMagenta: '#dcbcfa',
  brightCyan: '#92e6ea',
  brightWhite: '#f5f7fa',
};

/** Options for every terminal; `screenReaderMode` is set per page from the learner's preference. */
export const XTERM_OPTIONS: ITerminalOptions = {
  theme: XTERM_THEME,
  fontFamily: '"JetBrains Mono", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  fontSize: 14,
  lineHeight: 1.15,
  cursorBlink: true,
  scrollback: 5000,
  // The unicode11 addon registers through the proposed `unicode` API.
  allowProposedApi: true,
  // Colours the shell picks still get enough contrast against our background (WCAG AA for text).
  minimumContrastRatio: 4.5,
  macOptionIsMeta: true,
  rightClickSelectsWord: true,
};
