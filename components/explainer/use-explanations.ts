// useExplanations: the explanations the server pushed for this page's session, by terminal, until the learner dismisses them.
'use client';

import { useCallback, useEffect, useState } from 'react';
import { PUSH, type Explanation } from '../../core/protocol';
import type { LabSocket } from '../connection/use-lab-socket';
import { addExplanation, dismissExplanation, type ExplanationList } from './explanation-list';

export function useExplanations(socket: LabSocket | null, sessionId: string | null) {
  const [list, setList] = useState<ExplanationList>([]);
  // A new session (reset, another lesson, the old one ended) starts with nothing explained: reset while
  // rendering, as React's "adjusting state when a prop changes" does, so no render shows the old list.
  const [listFor, setListFor] = useState({ socket, sessionId });
  if (listFor.socket !== socket || listFor.sessionId !== sessionId) {
    setListFor({ socket, sessionId });
    setList([]);
  }

  useEffect(() => {
    if (!socket || !sessionId) return;
    const onShow = (e: Explanation) => {
      if (e.sessionId === sessionId) setList((l) => addExplanation(l, e));
    };
    socket.on(PUSH.explainShow, onShow);
    return () => {
      socket.off(PUSH.explainShow, onShow);
    };
  }, [socket, sessionId]);

  const dismiss = useCallback((e: Pick<Explanation, 'terminal' | 'id'>) => setList((l) => dismissExplanation(l, e)), []);
  return { list, dismiss };
}
