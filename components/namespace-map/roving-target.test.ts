import { describe, expect, it } from 'vitest';
import { rovingTarget, type RovingPlace } from './roving-target';

const key = (k: string, ctrlKey = false) => ({ key: k, ctrlKey });

// Two processes: row 0 has a name and chips in columns 1–3; row 1 lacks column 2 (unreadable).
const grid: RovingPlace[] = [
  { row: 0, col: 0 },
  { row: 0, col: 1 },
  { row: 0, col: 2 },
  { row: 0, col: 3 },
  { row: 1, col: 0 },
  { row: 1, col: 1 },
  { row: 1, col: 3 },
];

describe('roving target in a grid', () => {
  it('moves along a row and stops at its ends', () => {
    expect(rovingTarget(grid, 0, key('ArrowRight'), 'grid')).toBe(1);
    expect(rovingTarget(grid, 3, key('ArrowRight'), 'grid')).toBeNull();
    expect(rovingTarget(grid, 5, key('ArrowLeft'), 'grid')).toBe(4);
    expect(rovingTarget(grid, 4, key('ArrowLeft'), 'grid')).toBeNull();
  });

  it('moves between rows in the same column, or the nearest one', () => {
    expect(rovingTarget(grid, 1, key('ArrowDown'), 'grid')).toBe(5);
    expect(rovingTarget(grid, 6, key('ArrowUp'), 'grid')).toBe(3);
    // Column 2 is missing in row 1: the nearest (first found at equal distance) is column 1.
    expect(rovingTarget(grid, 2, key('ArrowDown'), 'grid')).toBe(5);
    expect(rovingTarget(grid, 4, key('ArrowDown'), 'grid')).toBeNull();
    expect(rovingTarget(grid, 0, key('ArrowUp'), 'grid')).toBeNull();
  });

  it('Home and End go to the row’s ends; with Ctrl to the grid’s', () => {
    expect(rovingTarget(grid, 5, key('End'), 'grid')).toBe(6);
    expect(rovingTarget(grid, 5, key('Home'), 'grid')).toBe(4);
    expect(rovingTarget(grid, 5, key('Home', true), 'grid')).toBe(0);
    expect(rovingTarget(grid, 1, key('End', true), 'grid')).toBe(6);
  });

  it('ignores other keys', () => {
    expect(rovingTarget(grid, 1, key('Tab'), 'grid')).toBeNull();
    expect(rovingTarget(grid, 1, key('a'), 'grid')).toBeNull();
  });
});

describe('roving target in a list', () => {
  const list = grid.map((_, i) => ({ row: i, col: 0 }));
  it('any arrow moves to the neighbour; Home and End to the ends', () => {
    expect(rovingTarget(list, 2, key('ArrowDown'), 'list')).toBe(3);
    expect(rovingTarget(list, 2, key('ArrowRight'), 'list')).toBe(3);
    expect(rovingTarget(list, 2, key('ArrowUp'), 'list')).toBe(1);
    expect(rovingTarget(list, 0, key('ArrowLeft'), 'list')).toBeNull();
    expect(rovingTarget(list, 6, key('ArrowDown'), 'list')).toBeNull();
    expect(rovingTarget(list, 3, key('Home'), 'list')).toBe(0);
    expect(rovingTarget(list, 3, key('End'), 'list')).toBe(6);
  });
});
