// useExplanations: the explanations the server pushed for this page's session, by terminal, until the learner dismisses them.
'use client';

import { useCallback, useEffect, useState } from 'react';
import { PUSH, type Explanation } from '../../core/protocol';
import type { LabSocket } from '../connection/use-lab-socket';
import { addExplanation, dismissExplanation, type ExplanationList } from './explanation-list';

export function useExplanations(socket: LabSocket | null, sessionId: string | null) {
  const [list, setList] = useState<ExplanationList>([]);

  useEffect(() => {
    // A new session (reset, another lesson, the old one ended) starts with nothing explained.
    setList([]);
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
