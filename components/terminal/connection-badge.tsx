// ConnectionBadge: the terminal header's live/connecting/reconnecting/ended indicator.
import type { ConnectionState } from '../connection/use-lab-socket';

const LOOK: Record<ConnectionState, { dot: string; text: string }> = {
  connecting: { dot: 'bg-amber-300 animate-pulse', text: 'text-amber-200' },
  live: { dot: 'bg-emerald-400', text: 'text-emerald-200' },
  reconnecting: { dot: 'bg-amber-300 animate-pulse', text: 'text-amber-200' },
  ended: { dot: 'bg-rose-400', text: 'text-rose-200' },
};

export function badgeLabel(state: ConnectionState, exitCode: number | null): string {
  if (state === 'connecting') return 'connecting…';
  if (state === 'reconnecting') return 'reconnecting…';
  if (state === 'ended') return exitCode === null ? 'ended' : `ended (exit ${exitCode})`;
  return 'live';
}

export function ConnectionBadge({ state, exitCode }: { state: ConnectionState; exitCode: number | null }) {
  const look = LOOK[state];
  return (
    <span role="status" aria-live="polite" className="inline-flex items-center gap-1.5 rounded-full border border-term-line bg-term px-2.5 py-0.5 text-xs font-medium">
      <span aria-hidden className={`size-2 rounded-full ${look.dot}`} />
      <span className="sr-only">Terminal connection: </span>
      <span data-testid="connection-state" data-state={state} className={look.text}>
        {badgeLabel(state, exitCode)}
      </span>
    </span>
  );
}
