// useLessonProgress: the learner's progress through the lesson, fed by `session:open`, `check:run` replies and `progress:update` pushes.
'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { PUSH, type LessonProgress, type ProgressUpdate } from '../../core/protocol';
import type { Lab } from '../terminal/lab-provider';
import { mergeProgress, newlyPassed, summarize } from './progress-state';

/** Something to say to screen readers; `seq` makes a repeated text a new announcement. */
export type Announcement = { text: string; seq: number };

export function useLessonProgress({ conn, session }: Lab, stepIds: readonly string[]) {
  const [progress, setProgress] = useState<LessonProgress | null>(session?.progress ?? null);
  const [running, setRunning] = useState<ReadonlySet<string>>(() => new Set());
  /** Checks whose request itself failed (no reply in time, disconnected), by step id: shown as a failed verdict. */
  const [failures, setFailures] = useState<Readonly<Record<string, string>>>({});
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  /** The step that passed last while this page was open: marked in place until another one passes. */
  const [lastPassed, setLastPassed] = useState<string | null>(null);
  const shown = useRef<LessonProgress | null>(null);
  const seq = useRef(0);
  const { request, socket } = conn;

  const announce = useCallback((text: string) => setAnnouncement({ text, seq: ++seq.current }), []);
  const stepNumber = useCallback((id: string) => stepIds.indexOf(id) + 1, [stepIds]);

  // Every (re)opened session starts from its own reply; a new session means a fresh sandbox and fresh progress.
  // Reset while rendering (React's "adjusting state when a prop changes"), so no render mixes two sessions.
  const [progressOf, setProgressOf] = useState(session);
  if (progressOf !== session) {
    setProgressOf(session);
    setProgress(session?.progress ?? null);
    setRunning(new Set());
    setFailures({});
    setLastPassed(null);
  }

  // Pushes arrive after every check: the learner's, and the automatic ones after a command settled.
  useEffect(() => {
    if (!socket) return;
    const onUpdate = ({ checked, reset, ...snapshot }: ProgressUpdate) => {
      // A reset is the one change that takes passed steps back: shown as it is, for this session only.
      if (reset) return setProgress((prev) => (prev?.sessionId === snapshot.sessionId ? snapshot : prev));
      setProgress((prev) => mergeProgress(prev, snapshot));
      // A verdict from the server supersedes a request of ours for that step that failed (e.g. timed out).
      const stepId = checked?.stepId;
      if (stepId) setFailures((f) => (stepId in f ? Object.fromEntries(Object.entries(f).filter(([id]) => id !== stepId)) : f));
    };
    socket.on(PUSH.progressUpdate, onUpdate);
    return () => {
      socket.off(PUSH.progressUpdate, onUpdate);
    };
  }, [socket]);

  // Whatever brought the change (a push or a reply), say which steps passed. The page stays where the
  // learner is reading: moving on is theirs to choose (the step's "Next step" control).
  useEffect(() => {
    const prev = shown.current;
    shown.current = progress;
    if (!progress) return;
    const ids = newlyPassed(prev, progress);
    if (ids.length > 0) {
      const done = summarize(progress, stepIds).complete ? ' Lesson complete!' : '';
      announce(ids.map((id) => `Step ${stepNumber(id)} passed.`).join(' ') + done);
      setLastPassed(ids.at(-1)!);
    }
  }, [progress, stepIds, stepNumber, announce]);

  const check = useCallback(
    async (stepId: string) => {
      if (!session) return;
      const { sessionId } = session;
      setRunning((r) => new Set(r).add(stepId));
      setFailures(({ [stepId]: _old, ...rest }) => rest);
      const reply = await request('check:run', { sessionId, stepId });
      setRunning((r) => {
        const next = new Set(r);
        next.delete(stepId);
        return next;
      });
      if (!reply.ok) {
        setFailures((f) => ({ ...f, [stepId]: reply.error.message }));
        announce(`Step ${stepNumber(stepId)} could not be checked: ${reply.error.message}`);
        return;
      }
      setProgress((prev) => mergeProgress(prev, reply.value));
      const verdict = reply.value.steps.find((s) => s.id === stepId)?.verdict;
      // A pass is announced by the effect above, like an automatic one; a failure says what to do.
      if (verdict && !verdict.passed) announce(`Step ${stepNumber(stepId)} not done yet: ${verdict.reason.replaceAll('`', '')}`);
    },
    [session, request, announce, stepNumber],
  );

  return { progress, running, failures, announcement, lastPassed, check, ready: session !== null };
}
