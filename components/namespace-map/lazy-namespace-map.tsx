// LazyNamespaceMap: the namespace map, fetched after the page has hydrated so its code never delays the terminal's prompt.
'use client';

import dynamic from 'next/dynamic';

/**
 * Rendered only in the browser (the map is live data: the server has nothing to draw) from a chunk
 * of its own; until it arrives the dock keeps the map's box, empty, so nothing moves.
 */
export const LazyNamespaceMap = dynamic(() => import('./namespace-map').then((m) => m.NamespaceMap), {
  ssr: false,
  loading: () => <div aria-hidden className="h-full bg-term" />,
});
