// useMapDock: whether the map is open and its share of the pane's height, remembered across visits.
'use client';

import { useCallback, useEffect, useState } from 'react';

const OPEN_KEY = 'nslab:map-open';
const SHARE_KEY = 'nslab:map-share';
/** Bounds and default of the map's share of the terminal pane's height (fractions of 1): the terminal keeps at least 40%. */
export const MIN_SHARE = 0.2;
export const MAX_SHARE = 0.6;
export const DEFAULT_SHARE = 0.45;
/** Below this viewport width (in CSS pixels, Tailwind's lg) the pane is short, so the map starts collapsed. */
const WIDE_MIN_PX = 1024;

export const clampShare = (s: number) => Math.min(MAX_SHARE, Math.max(MIN_SHARE, s));

export function useMapDock() {
  const [open, setOpen] = useState(true);
  const [share, setShare] = useState(DEFAULT_SHARE);

  // Read after hydration so the server-rendered page and the first client render agree.
  useEffect(() => {
    const savedOpen = window.localStorage.getItem(OPEN_KEY);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- browser-only values, read after hydration
    setOpen(savedOpen === null ? window.innerWidth >= WIDE_MIN_PX : savedOpen === 'true');
    const savedShare = Number(window.localStorage.getItem(SHARE_KEY));
    if (savedShare) setShare(clampShare(savedShare));
  }, []);

  const toggle = useCallback(() => {
    setOpen((was) => {
      window.localStorage.setItem(OPEN_KEY, String(!was));
      return !was;
    });
  }, []);

  /** Remember the share once a drag or key press settled. */
  const commitShare = useCallback((s: number) => window.localStorage.setItem(SHARE_KEY, s.toFixed(3)), []);

  return { open, toggle, share, setShare, commitShare };
}
