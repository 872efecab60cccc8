// useLabSession: opens (or rejoins) the learner's session for a lesson on every (re)connect; reset, idle warnings, end.
'use client';

import { useCallback, useEffect, useState } from 'react';
import { PUSH, type ErrorCode, type IdleWarning, type MachineStatus, type SessionEnded, type SessionInfo } from '../../core/protocol';
import type { LabConnection } from '../connection/use-lab-socket';

export type SessionStatus =
  | { kind: 'waiting' }
  | { kind: 'open'; info: SessionInfo }
  /** `forbidden`: a workshop page without the join code. */
  | { kind: 'failed'; message: string; code: ErrorCode }
  /** The server ended the session (idle too long, shut down…); "start again" opens a new one. */
  | { kind: 'ended'; reason: string };

/** While the lab machine starts, ask for the session this often as well (in milliseconds), in case a push was missed. */
const MACHINE_POLL_MS = 5_000;

export function useLabSession(conn: LabConnection, lesson: string, machine: MachineStatus | null) {
  const [status, setStatus] = useState<SessionStatus>({ kind: 'waiting' });
  const [attempt, setAttempt] = useState(0);
  /** When the server will close the idle session (ms since the epoch), after it warned us. */
  const [closesAt, setClosesAt] = useState<number | null>(null);
  const { state, epoch, request, socket } = conn;

  // Each request for the session (below) starts from "waiting": set while rendering, as React's "adjusting
  // state when a prop changes" does, so no render shows the previous connection's session as open.
  const [waitingFor, setWaitingFor] = useState({ state, epoch, attempt, lesson, request });
  if (waitingFor.state !== state || waitingFor.epoch !== epoch || waitingFor.attempt !== attempt || waitingFor.lesson !== lesson || waitingFor.request !== request) {
    setWaitingFor({ state, epoch, attempt, lesson, request });
    setStatus({ kind: 'waiting' });
  }

  useEffect(() => {
    if (state !== 'live') return;
    let cancelled = false;
    // `epoch` changes on every reconnect: rejoin the learner's session (the server kept it, shells and all).
    void request('session:open', { lesson }).then((reply) => {
      if (cancelled) return;
      setClosesAt(null);
      setStatus(reply.ok ? { kind: 'open', info: reply.value } : { kind: 'failed', message: reply.error.message, code: reply.error.code });
    });
    return () => {
      cancelled = true;
    };
  }, [state, epoch, attempt, lesson, request]);

  const sessionId = status.kind === 'open' ? status.info.sessionId : null;
  useEffect(() => {
    if (!socket || !sessionId) return;
    const onEnded = (e: SessionEnded) => e.sessionId === sessionId && setStatus({ kind: 'ended', reason: e.reason });
    const onIdle = (w: IdleWarning) => w.sessionId === sessionId && setClosesAt(Date.now() + w.secondsLeft * 1000);
    socket.on(PUSH.sessionEnded, onEnded);
    socket.on(PUSH.idleWarning, onIdle);
    return () => {
      socket.off(PUSH.sessionEnded, onEnded);
      socket.off(PUSH.idleWarning, onIdle);
    };
  }, [socket, sessionId]);

  /** Open the session again: after a failure or an end, or to say "I'm still here" (rejoining counts as activity). */
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  // The machine was still starting (a VM booting): open the session as soon as it is ready, and
  // keep asking now and then should the server still say "starting" (it was finishing up).
  const waitingForMachine = status.kind === 'failed' && status.code === 'machine_starting';
  const machineReady = machine?.state === 'ready';
  const machineFailed = machine?.state === 'failed';
  useEffect(() => {
    // A failed machine waits for the learner's "Try again": asking again would restart it in a loop.
    if (!waitingForMachine || machineFailed) return;
    const timer = setTimeout(retry, machineReady ? 0 : MACHINE_POLL_MS);
    return () => clearTimeout(timer);
  }, [status, waitingForMachine, machineReady, machineFailed, retry]);

  /** Destroy the sandbox and start a fresh one; every terminal then opens a new shell. */
  const reset = useCallback(async (): Promise<string | null> => {
    if (status.kind !== 'open') return 'There is no session to reset.';
    const reply = await request('session:reset', { sessionId: status.info.sessionId });
    if (!reply.ok) return reply.error.message;
    const info = status.info;
    setStatus({ kind: 'open', info: { ...info, terminals: info.terminals.map((t) => ({ ...t, terminalId: null })) } });
    return null;
  }, [status, request]);

  return { status, session: status.kind === 'open' ? status.info : null, retry, reset, closesAt };
}
