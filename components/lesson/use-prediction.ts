// usePrediction: the learner's answer to one step's prediction: read after the session opens (a reload keeps it), saved once.
'use client';

import { useCallback, useEffect, useState } from 'react';
import { PUSH, type ProgressUpdate, type SavedPrediction } from '../../core/protocol';
import { useLab } from '../terminal/lab-provider';

export type PredictionState = {
  /** False until the saved answers were read: the form waits, so a reload never flashes an empty question. */
  loaded: boolean;
  saved: SavedPrediction | null;
  saving: boolean;
  /** Why the last read or save failed, in the learner's terms. */
  problem: string | null;
  save: (answer: string) => Promise<void>;
};

export function usePrediction(stepId: string): PredictionState {
  const { conn, session } = useLab();
  const { request, socket } = conn;
  const lesson = session?.lesson ?? null;
  const [saved, setSaved] = useState<SavedPrediction | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  /** Bumped when the lesson's progress is reset: the answers were forgotten with it. */
  const [generation, setGeneration] = useState(0);

  // Every (re)opened session reads the answers again; the first answer counts, so there is nothing to merge.
  useEffect(() => {
    if (!lesson || !session) return;
    let current = true;
    void request('prediction:list', { lesson }).then((reply) => {
      if (!current) return;
      if (!reply.ok) return setProblem(reply.error.message);
      setSaved(reply.value.find((p) => p.stepId === stepId) ?? null);
      setProblem(null);
      setLoaded(true);
    });
    return () => {
      current = false;
    };
  }, [request, lesson, session, stepId, generation]);

  useEffect(() => {
    if (!socket) return;
    const onUpdate = ({ reset }: ProgressUpdate) => {
      if (reset) setGeneration((g) => g + 1);
    };
    socket.on(PUSH.progressUpdate, onUpdate);
    return () => {
      socket.off(PUSH.progressUpdate, onUpdate);
    };
  }, [socket]);

  const save = useCallback(
    async (answer: string) => {
      if (!lesson) return;
      setSaving(true);
      const reply = await request('prediction:save', { lesson, stepId, answer });
      setSaving(false);
      if (!reply.ok) return setProblem(reply.error.message);
      setProblem(null);
      setSaved(reply.value);
    },
    [request, lesson, stepId],
  );

  return { loaded, saved, saving, problem, save };
}
