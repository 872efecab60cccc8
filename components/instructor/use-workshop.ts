// useWorkshop: the instructor's live picture of the workshop, asked for on every (re)connect and then pushed by the server.
'use client';

import { useEffect, useState } from 'react';
import { PUSH, type WorkshopSnapshot } from '../../core/protocol';
import type { LabConnection } from '../connection/use-lab-socket';

export type WorkshopState = { snapshot: WorkshopSnapshot | null; problem: string | null };

export function useWorkshop(conn: LabConnection): WorkshopState {
  const [state, setState] = useState<WorkshopState>({ snapshot: null, problem: null });
  const { socket, state: connState, epoch, request } = conn;

  useEffect(() => {
    if (!socket || connState !== 'live') return;
    let cancelled = false;
    const onUpdate = (snapshot: WorkshopSnapshot) => setState({ snapshot, problem: null });
    socket.on(PUSH.workshopUpdate, onUpdate);
    void request('instructor:watch', {}).then((reply) => {
      if (cancelled) return;
      setState(reply.ok ? { snapshot: reply.value, problem: null } : { snapshot: null, problem: reply.error.message });
    });
    return () => {
      cancelled = true;
      socket.off(PUSH.workshopUpdate, onUpdate);
    };
  }, [socket, connState, epoch, request]);

  return state;
}
