// TransportLabel: the terminal header's small note of how terminal I/O travels (direct, or socket.io where the WebSocket is blocked).
import type { LabConnection } from './use-lab-socket';

const WHY: Record<NonNullable<NonNullable<LabConnection['transport']>['reason']>, string> = {
  refused: 'WebSocket blocked',
  lost: 'WebSocket kept dropping',
  forced: 'chosen',
};

export function transportLabel(transport: NonNullable<LabConnection['transport']>): { text: string; title: string } {
  if (transport.kind === 'direct') return { text: 'direct', title: 'Terminal I/O travels on its own WebSocket (the fastest way).' };
  const why = WHY[transport.reason ?? 'refused'];
  return {
    text: `via socket.io (${why})`,
    title: 'The terminal stream could not use a WebSocket here (a proxy may refuse them), so terminal I/O travels on the page’s socket.io connection. Everything works; output may be a little slower.',
  };
}

export function TransportLabel({ transport }: { transport: LabConnection['transport'] }) {
  if (!transport) return null;
  const { text, title } = transportLabel(transport);
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
    </span>
  );
}
