// IdleBanner: counts down to the server closing an idle session, with a button that keeps it alive.
'use client';

import { useEffect, useState } from 'react';

type Props = { closesAt: number | null; onStillHere: () => void };

export function IdleBanner({ closesAt, onStillHere }: Props) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (closesAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [closesAt]);
  if (closesAt === null) return null;
  const seconds = Math.max(0, Math.round((closesAt - now) / 1000));
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <div role="status" data-testid="idle-warning" className="flex items-center justify-between gap-3 border-b border-amber-500/40 bg-amber-950/60 px-3 py-1.5 text-sm text-amber-100">
      <span>
        No activity for a while: this session and its sandbox close in <strong className="tabular-nums">{clock}</strong>.
      </span>
      <button type="button" onClick={onStillHere} className="rounded bg-amber-400 px-2 py-0.5 font-semibold text-slate-950 hover:bg-amber-300">
        I&apos;m still here
      </button>
    </div>
  );
}
