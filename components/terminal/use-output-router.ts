// useOutputRouter: one OutputRouter per socket, disposed with it.
'use client';

import { useEffect, useState } from 'react';
import { OutputRouter } from './output-router';
import type { LabSocket } from './use-lab-socket';

export function useOutputRouter(socket: LabSocket | null): OutputRouter | null {
  const [router, setRouter] = useState<OutputRouter | null>(null);
  useEffect(() => {
    if (!socket) return;
    const created = new OutputRouter(socket);
    setRouter(created);
    return () => {
      created.dispose();
      setRouter(null);
    };
  }, [socket]);
  return router;
}
