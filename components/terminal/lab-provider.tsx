// LabProvider: the page's one lab connection (socket, output router, session) shared by the terminals and the lesson text.
'use client';

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { MachineStatus, SessionInfo } from '../../core/protocol';
import type { OutputRouter } from '../../core/client/output-router';
import { useLabSession, type SessionStatus } from './use-lab-session';
import { useLabConnection } from '../connection/lab-connection';
import type { LabConnection } from '../connection/use-lab-socket';
import { useMachineStatus } from './use-machine-status';
import { useOutputRouter } from './use-output-router';

export type Lab = {
  conn: LabConnection;
  router: OutputRouter | null;
  sessionStatus: SessionStatus;
  /** The session as last (re)opened on the live socket, or null while there is none. */
  session: SessionInfo | null;
  retrySession: () => void;
  /** Destroy the sandbox and start a fresh one; resolves with a problem message, or null. */
  resetSession: () => Promise<string | null>;
  /** When the server will close the idle session (ms since the epoch), after it warned; else null. */
  idleClosesAt: number | null;
  /** What the lab machine is doing, when the server said (SSH and Vagrant machines); else null. */
  machine: MachineStatus | null;
};

const LabContext = createContext<Lab | null>(null);

export function LabProvider({ lesson, children }: { lesson: string; children: ReactNode }) {
  const conn = useLabConnection({ terminals: true });
  const router = useOutputRouter(conn.socket, conn.stream);
  const machine = useMachineStatus(conn.socket);
  const { status, session, retry, reset, closesAt } = useLabSession(conn, lesson, machine);
  const value = useMemo(
    () => ({ conn, router, sessionStatus: status, session, retrySession: retry, resetSession: reset, idleClosesAt: closesAt, machine }),
    [conn, router, status, session, retry, reset, closesAt, machine],
  );
  return <LabContext.Provider value={value}>{children}</LabContext.Provider>;
}

export function useLab(): Lab {
  const lab = useContext(LabContext);
  if (!lab) throw new Error('useLab needs a <LabProvider> above it');
  return lab;
}
