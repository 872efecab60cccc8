// useScreenReaderPref: the learner's screen-reader-mode choice for terminals, remembered in localStorage.
'use client';

import { useCallback, useEffect, useState } from 'react';

const STORAGE_KEY = 'nslab:terminal-screen-reader';

export function useScreenReaderPref(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(false);

  // Read after hydration so the server-rendered button and the first client render agree.
  useEffect(() => {
    try {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- a browser-only value, read after hydration
      setOn(window.localStorage.getItem(STORAGE_KEY) === 'on');
    } catch {
      // Storage can be blocked (privacy settings); the toggle then simply is not remembered.
    }
  }, []);

  const set = useCallback((next: boolean) => {
    setOn(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next ? 'on' : 'off');
    } catch {
      // As above: not remembering is acceptable.
    }
  }, []);

  return [on, set];
}
