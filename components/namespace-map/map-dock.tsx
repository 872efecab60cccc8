// MapDock: the terminal pane above the namespace map, with a draggable (and keyboard-operable) divider between them.
'use client';

import { useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import type { NamespaceType } from '../../core/namespaces';
import type { TerminalSpec } from '../../core/protocol';
import { LazyNamespaceMap as NamespaceMap } from './lazy-namespace-map';
import { clampShare, MAX_SHARE, MIN_SHARE, useMapDock } from './use-map-dock';

type Props = {
  /** The terminal panel. */
  terminal: ReactNode;
  terminals: readonly TerminalSpec[];
  highlight?: readonly NamespaceType[];
  /** Shown beside the map while it is open (the syscall timeline). */
  beside?: ReactNode;
};

const KEY_STEP_SHARE = 0.04;

export function MapDock({ terminal, terminals, highlight, beside }: Props) {
  const boxRef = useRef<HTMLDivElement>(null);
  const { open, toggle, share, setShare, commitShare } = useMapDock();
  const [dragging, setDragging] = useState(false);

  const moveTo = (clientY: number) => {
    const box = boxRef.current?.getBoundingClientRect();
    if (box && box.height > 0) setShare(clampShare((box.bottom - clientY) / box.height));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    setDragging(true);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.releasePointerCapture(e.pointerId);
    setDragging(false);
    commitShare(share);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowUp: KEY_STEP_SHARE, ArrowDown: -KEY_STEP_SHARE }[e.key];
    let next: number;
    if (step !== undefined) next = clampShare(share + step);
    else if (e.key === 'Home') next = MAX_SHARE;
    else if (e.key === 'End') next = MIN_SHARE;
    else return;
    e.preventDefault();
    setShare(next);
    commitShare(next);
  };

  return (
    <div ref={boxRef} style={{ '--map-share': `${share * 100}%` } as CSSProperties} className={`flex h-full min-h-0 flex-col bg-term ${dragging ? 'cursor-row-resize select-none' : ''}`}>
      {/* While dragging, the terminal must not swallow pointer events (xterm selects text on drag). */}
      <div className={`min-h-0 flex-1 ${dragging ? 'pointer-events-none' : ''}`}>{terminal}</div>
      {open ? (
        <div
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize terminal and namespace map"
          aria-valuemin={Math.round(MIN_SHARE * 100)}
          aria-valuemax={Math.round(MAX_SHARE * 100)}
          aria-valuenow={Math.round(share * 100)}
          tabIndex={0}
          onPointerDown={onPointerDown}
          onPointerMove={(e) => dragging && moveTo(e.clientY)}
          onPointerUp={onPointerUp}
          onKeyDown={onKeyDown}
          className="relative h-1.5 shrink-0 cursor-row-resize touch-none bg-term-line transition-colors hover:bg-teal-600 focus-visible:bg-teal-600"
        >
          <span aria-hidden className="absolute inset-x-0 -top-1.5 -bottom-1.5" />
        </div>
      ) : null}
      <div className={`flex shrink-0 ${open ? 'h-[var(--map-share)] min-h-32' : 'h-10'} ${dragging ? 'pointer-events-none' : ''}`}>
        <div className="min-w-0 flex-1 overflow-hidden">
          <NamespaceMap open={open} onToggle={toggle} terminals={terminals} highlight={highlight} />
        </div>
        {open && beside ? <div className="w-[22rem] max-w-[40%] min-w-48 shrink-0 border-l border-term-line">{beside}</div> : null}
      </div>
    </div>
  );
}
