// useRovingFocus: makes the map's buttons one tab stop, with the arrow keys moving among them (roving tabindex, WAI-ARIA APG).
'use client';

import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { rovingTarget, type RovingLayout } from './roving-target';

/** Items carry `data-roving-key` (stable across renders) and, in a grid, `data-roving-row` and `data-roving-col`. */
const ITEM = '[data-roving-key]';

const itemsIn = (root: HTMLElement | null): HTMLElement[] => (root ? [...root.querySelectorAll<HTMLElement>(ITEM)] : []);

/** Puts the item keyed `activeKey` (or the first) in the tab order and takes the others out. */
function settle(root: HTMLElement | null, activeKey: string | null): void {
  const items = itemsIn(root);
  const active = items.find((el) => el.dataset.rovingKey === activeKey) ?? items[0];
  for (const el of items) el.tabIndex = el === active ? 0 : -1;
}

/**
 * Only the last focused item (the first one at the start) is in the tab order; the others get
 * tabindex -1. React does not own the attribute (the items pass no tabIndex), so setting it
 * after every render of the view survives the view's later renders.
 */
export function useRovingFocus(ref: RefObject<HTMLElement | null>, layout: RovingLayout): void {
  const current = useRef<string | null>(null);

  // Every render: rows come and go as processes start and exit.
  useLayoutEffect(() => settle(ref.current, current.current));

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const onFocusIn = (e: FocusEvent) => {
      const item = (e.target as HTMLElement).closest<HTMLElement>(ITEM);
      if (!item || !root.contains(item)) return;
      current.current = item.dataset.rovingKey ?? null;
      settle(root, current.current);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey || e.metaKey || e.shiftKey) return;
      const items = itemsIn(root);
      const from = items.indexOf(e.target as HTMLElement);
      if (from < 0) return;
      const places = items.map((el, i) => ({
        row: layout === 'grid' ? Number(el.dataset.rovingRow) : i,
        col: layout === 'grid' ? Number(el.dataset.rovingCol) : 0,
      }));
      const to = rovingTarget(places, from, e, layout);
      if (to === null) return;
      e.preventDefault();
      items[to]!.focus();
      items[to]!.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    };
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('keydown', onKeyDown);
    return () => {
      root.removeEventListener('focusin', onFocusIn);
      root.removeEventListener('keydown', onKeyDown);
    };
  }, [ref, layout]);
}

/** The attributes that make an element one of the roving items (`row` and `col` matter in a grid). */
export const rovingItem = (key: string, row = 0, col = 0) => ({
  'data-roving-key': key,
  'data-roving-row': row,
  'data-roving-col': col,
});
export type RovingItemProps = ReturnType<typeof rovingItem>;
