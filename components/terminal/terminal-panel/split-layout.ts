// Whether two terminals fit the panel's terminal area side by side, one above the other, or not at all.

export type SplitLayout = 'side' | 'stacked';

/** A terminal narrower than this (in columns) wraps ps, lsns and ip output: side by side needs it for both. */
export const MIN_SPLIT_COLS = 80;
/** Stacked, each terminal keeps at least this many rows: a prompt, a command and five lines of its output (lsns, ip -br). */
export const MIN_SPLIT_ROWS = 7;
/** Space around each terminal's character grid (in CSS pixels): its left padding, the scrollbar and a border across; its top and bottom padding down. */
export const VIEW_CHROME_X_PX = 28;
export const VIEW_CHROME_Y_PX = 12;

export type Size = { width: number; height: number };

/** Side by side when both get MIN_SPLIT_COLS, else stacked when both get MIN_SPLIT_ROWS, else null. */
export function chooseSplit(area: Size, cell: Size): SplitLayout | null {
  if (cell.width <= 0 || cell.height <= 0) return null;
  const half = (px: number, chrome: number, cellPx: number) => Math.floor((px / 2 - chrome) / cellPx);
  if (half(area.width, VIEW_CHROME_X_PX, cell.width) >= MIN_SPLIT_COLS) return 'side';
  if (half(area.height, VIEW_CHROME_Y_PX, cell.height) >= MIN_SPLIT_ROWS) return 'stacked';
  return null;
}

export const SPLIT_TOO_SMALL = `No room for two terminals here: each needs ${MIN_SPLIT_COLS} columns side by side or ${MIN_SPLIT_ROWS} rows one above the other. Make the window or the terminal pane larger, or close the namespace map.`;
