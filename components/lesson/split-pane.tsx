// SplitPane: lesson text left, terminal right, with a draggable (and keyboard-operable) divider; stacks when narrow.
'use client';

import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';

const STORAGE_KEY = 'nslab:split-left-percent';
/** Bounds and default of the lesson pane's share of the width (in percent). */
const MIN_PERCENT = 25;
const MAX_PERCENT = 70;
const DEFAULT_PERCENT = 44;
const KEY_STEP_PERCENT = 2;

const clamp = (p: number) => Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, p));

export function SplitPane({ left, right }: { left: ReactNode; right: ReactNode }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [percent, setPercent] = useState(DEFAULT_PERCENT);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const saved = Number(window.localStorage.getItem(STORAGE_KEY));
    if (saved) setPercent(clamp(saved));
  }, []);

  useEffect(() => {
    // A drag changes the width many times a second: remember it once the drag ends.
    if (!dragging) window.localStorage.setItem(STORAGE_KEY, String(Math.round(percent)));
  }, [dragging, percent]);

  const moveTo = (clientX: number) => {
    const box = boxRef.current?.getBoundingClientRect();
    if (box && box.width > 0) setPercent(clamp(((clientX - box.left) / box.width) * 100));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    setDragging(true);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging) moveTo(e.clientX);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.releasePointerCapture(e.pointerId);
    setDragging(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowLeft: -KEY_STEP_PERCENT, ArrowRight: KEY_STEP_PERCENT }[e.key];
    if (step !== undefined) setPercent((p) => clamp(p + step));
    else if (e.key === 'Home') setPercent(MIN_PERCENT);
    else if (e.key === 'End') setPercent(MAX_PERCENT);
    else return;
    e.preventDefault();
  };

  return (
    <div
      ref={boxRef}
      style={{ '--split-left': `${percent}%` } as CSSProperties}
      className={`relative flex h-full flex-col overflow-y-auto lg:flex-row lg:overflow-hidden ${dragging ? 'cursor-col-resize select-none' : ''}`}
    >
      <div className="relative shrink-0 lg:h-full lg:w-[var(--split-left)] lg:overflow-y-auto">{left}</div>
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize lesson and terminal panes"
        aria-valuemin={MIN_PERCENT}
        aria-valuemax={MAX_PERCENT}
        aria-valuenow={Math.round(percent)}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
        className="group relative hidden w-1.5 shrink-0 cursor-col-resize touch-none bg-line transition-colors hover:bg-accent focus-visible:bg-accent lg:block"
      >
        <span aria-hidden className="absolute inset-y-0 -left-1.5 -right-1.5" />
      </div>
      {/* Narrow: the terminal sticks to the bottom while the lesson scrolls above it. While dragging,
          the terminal must not swallow pointer events (xterm selects text on drag). */}
      <div
        className={`sticky bottom-0 h-[45dvh] min-h-64 shrink-0 border-t border-term-line lg:static lg:h-full lg:min-w-0 lg:flex-1 lg:border-0 ${dragging ? 'pointer-events-none' : ''}`}
      >
        {right}
      </div>
    </div>
  );
}
