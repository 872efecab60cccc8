// usePredictionRuns: when this page's session saw the learner run what a step's prediction is about (prediction:runs pushes).
'use client';

import { useEffect, useMemo, useState } from 'react';
import { MAX_PREDICTION_RUNS, PUSH, type PredictionRun, type PredictionRunsUpdate } from '../../../core/protocol';
import { useLab } from '../../terminal/lab-provider';

type Held = { sessionId: string; runs: PredictionRun[] };

/** A replay replaces what the page holds (a new page, a reset lesson); new runs are added. */
const apply = (held: Held | null, u: PredictionRunsUpdate): Held =>
  u.replay || !held || held.sessionId !== u.sessionId ? { sessionId: u.sessionId, runs: u.runs } : { sessionId: u.sessionId, runs: [...held.runs, ...u.runs].slice(-MAX_PREDICTION_RUNS) };

/** The step's runs, oldest first. Listens from the start: the replay on attach arrives before the session's reply. */
export function usePredictionRuns(stepId: string): readonly PredictionRun[] {
  const { conn, session } = useLab();
  const { socket } = conn;
  const [held, setHeld] = useState<Held | null>(null);

  useEffect(() => {
    if (!socket) return;
    const onUpdate = (u: PredictionRunsUpdate) => setHeld((h) => apply(h, u));
    socket.on(PUSH.predictionRuns, onUpdate);
    return () => {
      socket.off(PUSH.predictionRuns, onUpdate);
    };
  }, [socket]);

  const sessionId = session?.sessionId ?? null;
  return useMemo(() => (held && held.sessionId === sessionId ? held.runs.filter((r) => r.stepId === stepId) : []), [held, sessionId, stepId]);
}
