// TransportLabel: the terminal header's small note of how terminal I/O travels (direct, or socket.io where the WebSocket is blocked).
import type { LabConnection } from '../connection/use-lab-socket';

const WHY: Record<NonNullable<NonNullable<LabConnection['transport']>['reason']>, string> = {
  refused: 'WebSocket blocked',
  lost: 'WebSocket kept dropping',
  forced: 'chosen',
};

/** `text` is shown; `why`, when there is one, is heard (and in the tooltip): the header has little room. */
export function transportLabel(transport: NonNullable<LabConnection['transport']>): { text: string; why?: string; title: string } {
  if (transport.kind === 'direct') return { text: 'direct', title: 'Terminal I/O travels on its own WebSocket (the fastest way).' };
  const why = WHY[transport.reason ?? 'refused'];
  return {
    text: 'via socket.io',
    why,
    title: `${why}: the terminal stream could not use a WebSocket here (a proxy may refuse them), so terminal I/O travels on the page’s socket.io connection. Everything works; output may be a little slower.`,
  };
}

export function TransportLabel({ transport }: { transport: LabConnection['transport'] }) {
  if (!transport) return null;
  const { text, why, title } = transportLabel(transport);
  return (
    <span
      data-testid="terminal-transport"
      data-transport={transport.kind}
      title={title}
      // On narrow screens only screen readers hear it; the header has no room to spare there.
      className="sr-only whitespace-nowrap text-xs text-term-muted sm:not-sr-only"
    >
      <span className="sr-only">Terminal transport: </span>
      {text}
      {why && <span className="sr-only"> ({why})</span>}
    </span>
  );
}
