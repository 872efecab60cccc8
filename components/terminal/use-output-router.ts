// useOutputRouter: one OutputRouter per connection (socket and terminal stream), disposed with it.
'use client';

import { useEffect, useState } from 'react';
import { OutputRouter } from '../../core/client/output-router';
import type { TerminalStream } from '../../core/client/terminal-stream';
import type { LabSocket } from '../connection/use-lab-socket';

export function useOutputRouter(socket: LabSocket | null, stream: TerminalStream | null): OutputRouter | null {
  const [router, setRouter] = useState<OutputRouter | null>(null);
  useEffect(() => {
    if (!socket || !stream) return;
    const created = new OutputRouter(socket, stream);
    // The router is created here and disposed by the cleanup; state hands it to the render that uses it.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a resource this effect owns, published once created
    setRouter(created);
    return () => {
      created.dispose();
      setRouter(null);
    };
  }, [socket, stream]);
  return router;
}
