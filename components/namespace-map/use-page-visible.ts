// usePageVisible: whether the page is on screen (document.visibilityState), following visibilitychange.
'use client';

import { useEffect, useState } from 'react';

export function usePageVisible(): boolean {
  // Server render and first paint assume visible; the effect corrects it at once.
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    update();
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}
