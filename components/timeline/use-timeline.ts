// useTimeline: the syscall timeline of this page's session, from timeline:update pushes (the replay on attach arrives before the session's reply, so it listens from the start).
'use client';

import { useEffect, useState } from 'react';
import { PUSH, type TimelineUpdate } from '../../core/protocol';
import { useLab } from '../terminal/lab-provider';
import { applyTimelineUpdate, type TimelineState } from './timeline-state';

export function useTimeline(): TimelineState | null {
  const { conn, session } = useLab();
  const { socket } = conn;
  const [state, setState] = useState<TimelineState | null>(null);

  useEffect(() => {
    if (!socket) return;
    const onUpdate = (u: TimelineUpdate) => setState((s) => applyTimelineUpdate(s, u));
    socket.on(PUSH.timelineUpdate, onUpdate);
    return () => {
      socket.off(PUSH.timelineUpdate, onUpdate);
    };
  }, [socket]);

  const sessionId = session?.sessionId ?? null;
  return state && state.sessionId === sessionId ? state : null;
}
