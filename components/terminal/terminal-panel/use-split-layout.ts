// useSplitLayout: watches the terminal area's size and says how two terminals would fit it now (see split-layout.ts).
'use client';

import { useEffect, useState, type RefObject } from 'react';
import { XTERM_OPTIONS } from '../xterm-theme';
import { chooseSplit, type Size, type SplitLayout } from './split-layout';

/** One character cell of the terminals' font, measured once (xterm draws the same font at the same size). */
function measureCell(): Size {
  const fontSize = XTERM_OPTIONS.fontSize ?? 14;
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return { width: 0, height: 0 };
  context.font = `${fontSize}px ${XTERM_OPTIONS.fontFamily ?? 'monospace'}`;
  const sample = 'W'.repeat(32);
  const metrics = context.measureText(sample);
  const glyphHeight = metrics.fontBoundingBoxAscent + metrics.fontBoundingBoxDescent || fontSize * 1.2;
  return { width: metrics.width / sample.length, height: Math.ceil(glyphHeight * (XTERM_OPTIONS.lineHeight ?? 1)) };
}

export function useSplitLayout(areaRef: RefObject<HTMLElement | null>): SplitLayout | null {
  const [layout, setLayout] = useState<SplitLayout | null>(null);
  useEffect(() => {
    const area = areaRef.current;
    if (!area) return;
    const cell = measureCell();
    const update = () => setLayout(chooseSplit({ width: area.clientWidth, height: area.clientHeight }, cell));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(area);
    return () => observer.disconnect();
  }, [areaRef]);
  return layout;
}
