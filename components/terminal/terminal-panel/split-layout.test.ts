// Choosing how two terminals share the panel: side by side only with 80 columns each.
import { describe, expect, it } from 'vitest';
import { chooseSplit, MIN_SPLIT_COLS, MIN_SPLIT_ROWS, VIEW_CHROME_X_PX, VIEW_CHROME_Y_PX } from './split-layout';

const cell = { width: 8.4, height: 17 };
const widthFor = (cols: number) => 2 * (cols * cell.width + VIEW_CHROME_X_PX);
const heightFor = (rows: number) => 2 * (rows * cell.height + VIEW_CHROME_Y_PX);

describe('chooseSplit', () => {
  it('puts two terminals side by side when each gets 80 columns', () => {
    expect(chooseSplit({ width: widthFor(MIN_SPLIT_COLS), height: 300 }, cell)).toBe('side');
  });

  it('stacks them when the width gives fewer columns but the height gives 7 rows each', () => {
    expect(chooseSplit({ width: widthFor(MIN_SPLIT_COLS) - 2, height: heightFor(MIN_SPLIT_ROWS) }, cell)).toBe('stacked');
    // The 1280-wide window's pane: two 41-column terminals side by side were what learners got.
    expect(chooseSplit({ width: 710, height: 400 }, cell)).toBe('stacked');
  });

  it('refuses when neither fits, or before the font is measured', () => {
    expect(chooseSplit({ width: 390, height: heightFor(MIN_SPLIT_ROWS) - 2 }, cell)).toBeNull();
    expect(chooseSplit({ width: 2000, height: 800 }, { width: 0, height: 0 })).toBeNull();
  });
});
