// useLabSession: opens (or rejoins) the learner's session for a lesson on every (re)connect of the socket.
'use client';

import { useCallback, useEffect, useState } from 'react';
import type { SessionInfo } from '../../core/protocol';
import type { LabConnection } from './use-lab-socket';

export type SessionStatus =
  | { kind: 'waiting' }
  | { kind: 'open'; info: SessionInfo }
  | { kind: 'failed'; message: string };

export function useLabSession(conn: LabConnection, lesson: string) {
  const [status, setStatus] = useState<SessionStatus>({ kind: 'waiting' });
  const [attempt, setAttempt] = useState(0);
  const { state, epoch, request } = conn;

  useEffect(() => {
    setStatus({ kind: 'waiting' });
    if (state !== 'live') return;
    let cancelled = false;
    // `epoch` changes on every reconnect: the server binds sessions to a socket, so rejoin each time.
    request('session:open', { lesson }).then((reply) => {
      if (cancelled) return;
      setStatus(reply.ok ? { kind: 'open', info: reply.value } : { kind: 'failed', message: reply.error.message });
    });
    return () => {
      cancelled = true;
    };
  }, [state, epoch, attempt, lesson, request]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { status, session: status.kind === 'open' ? status.info : null, retry };
}
