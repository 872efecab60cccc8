// NoticeToasts: shows the server's `server:notice` pushes as small, self-dismissing toasts.
'use client';

import { useEffect, useState } from 'react';
import { PUSH, type ServerNotice } from '../../core/protocol';
import type { LabSocket } from '../connection/use-lab-socket';

/** How long a toast stays up (in milliseconds); errors stay until dismissed. */
const TOAST_MS = 6000;
const MAX_TOASTS = 3;

type Toast = ServerNotice & { id: number };

const LOOK: Record<ServerNotice['level'], string> = {
  info: 'border-sky-400/40 text-sky-100',
  warning: 'border-amber-400/50 text-amber-100',
  error: 'border-rose-400/60 text-rose-100',
};

export function NoticeToasts({ socket }: { socket: LabSocket | null }) {
  const [toasts, setToasts] = useState<Toast[]>([]);

  useEffect(() => {
    if (!socket) return;
    let next = 0;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const onNotice = (notice: ServerNotice) => {
      const id = next++;
      setToasts((list) => [...list, { ...notice, id }].slice(-MAX_TOASTS));
      if (notice.level === 'error') return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        setToasts((list) => list.filter((t) => t.id !== id));
      }, TOAST_MS);
      timers.add(timer);
    };
    socket.on(PUSH.serverNotice, onNotice);
    return () => {
      socket.off(PUSH.serverNotice, onNotice);
      for (const timer of timers) clearTimeout(timer);
    };
  }, [socket]);

  return (
    <div aria-live="polite" className="pointer-events-none absolute right-3 bottom-3 z-20 flex w-72 flex-col gap-2">
      {toasts.map((t) => (
        <div key={t.id} data-testid="server-notice" className={`pointer-events-auto flex items-start gap-2 rounded-lg border bg-term-raised/95 px-3 py-2 text-sm shadow-lg ${LOOK[t.level]}`}>
          <p className="min-w-0 flex-1">{t.error.message}</p>
          <button type="button" aria-label="Dismiss notice" onClick={() => setToasts((list) => list.filter((x) => x.id !== t.id))} className="rounded px-1 text-term-muted hover:text-term-text">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
