// Where an arrow key moves the focus among the map's items: a grid (processes × namespace columns) or a list.

/** An item's place: its row, and its column in a grid (a list ignores columns). */
export type RovingPlace = { row: number; col: number };
export type RovingLayout = 'grid' | 'list';
export type RovingKey = Pick<KeyboardEvent, 'key' | 'ctrlKey'>;

/**
 * The index in `items` (in document order) the focus moves to from `from`, or null when the key
 * is not a move or there is nowhere to go. In a grid, Up and Down keep the column, or take the
 * nearest one where a row has no item in it (an unreadable namespace shows no chip).
 */
export function rovingTarget(items: readonly RovingPlace[], from: number, key: RovingKey, layout: RovingLayout): number | null {
  const last = items.length - 1;
  const here = items[from];
  if (!here) return null;
  if (layout === 'list' || (key.ctrlKey && (key.key === 'Home' || key.key === 'End'))) {
    const to = { ArrowDown: from + 1, ArrowRight: from + 1, ArrowUp: from - 1, ArrowLeft: from - 1, Home: 0, End: last }[key.key];
    return to === undefined || to < 0 || to > last || to === from ? null : to;
  }
  const inRow = (row: number) => items.map((p, i) => ({ ...p, i })).filter((p) => p.row === row);
  const row = inRow(here.row);
  switch (key.key) {
    case 'ArrowRight':
      return row.find((p) => p.col > here.col)?.i ?? null;
    case 'ArrowLeft':
      return row.filter((p) => p.col < here.col).at(-1)?.i ?? null;
    case 'Home':
      return row[0]!.i === from ? null : row[0]!.i;
    case 'End':
      return row.at(-1)!.i === from ? null : row.at(-1)!.i;
    case 'ArrowDown':
    case 'ArrowUp': {
      const rows = [...new Set(items.map((p) => p.row))].sort((a, b) => a - b);
      const next = rows[rows.indexOf(here.row) + (key.key === 'ArrowDown' ? 1 : -1)];
      if (next === undefined) return null;
      const candidates = inRow(next);
      const distance = (p: RovingPlace) => Math.abs(p.col - here.col);
      return candidates.reduce((best, p) => (distance(p) < distance(best) ? p : best)).i;
    }
    default:
      return null;
  }
}
