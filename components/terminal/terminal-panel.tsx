// TerminalPanel: the lesson's terminal pane: tabs, badge, transport, screen-reader toggle and terminals of the lab's session.
'use client';

import { useCallback, useId, useRef, useState } from 'react';
import type { TerminalSpec } from '../../core/protocol';
import { ExplanationPanel } from '../explainer/explanation-panel';
import { useExplanations } from '../explainer/use-explanations';
import { ConnectionBadge } from './connection-badge';
import { IdleBanner } from './idle-banner';
import { NoticeToasts } from './notice-toasts';
import { ResetButton } from './reset-button';
import { ScreenReaderToggle } from './screen-reader-toggle';
import { SessionProblem } from './session-problem';
import { TerminalTabs } from './terminal-tabs';
import { TerminalView } from './terminal-view';
import { TransportLabel } from './transport-label';
import { useLab } from './lab-provider';
import { useTerminalRegistry } from './terminal-registry';
import { useTerminalSlots } from './use-terminal-slots';
import { SPLIT_TOO_SMALL, type SplitLayout } from './terminal-panel/split-layout';
import { useSplitLayout } from './terminal-panel/use-split-layout';
import type { SessionStatus } from './use-lab-session';
import type { ConnectionState } from '../connection/use-lab-socket';
import { useScreenReaderPref } from './use-screen-reader-pref';
import type { LinkStatus } from './use-terminal-link';

type Props = {
  /** The lesson's declared terminals, shown until the session reports its own. */
  terminals: TerminalSpec[];
};

export function TerminalPanel({ terminals: declared }: Props) {
  const { conn, router, sessionStatus, session, retrySession: retry, resetSession, idleClosesAt, machine } = useLab();
  const [screenReader, setScreenReader] = useScreenReaderPref();
  const { activeName, setActiveName, focusTerminal } = useTerminalRegistry();
  const explanations = useExplanations(conn.socket, session?.sessionId ?? null);
  const [links, setLinks] = useState<Record<string, LinkStatus>>({});
  const onStatus = useCallback((name: string, status: LinkStatus) => {
    setLinks((prev) => (prev[name] === status ? prev : { ...prev, [name]: status }));
  }, []);

  const slots = useTerminalSlots(declared, session, links, conn);
  const { terminals } = slots;
  const [split, setSplit] = useState(false);
  const areaRef = useRef<HTMLDivElement>(null);
  // Two terminals only where both stay usable: side by side, else one above the other, else one at a time.
  const room = useSplitLayout(areaRef);
  const layout = split && terminals.length > 1 ? room : null;
  const splitReasonId = useId();
  const active = terminals.find((t) => t.name === activeName)?.name ?? terminals[0]?.name ?? '';
  // Split: the active terminal on the left (or on top), the next one on the right (or below).
  const second = layout ? (terminals[(terminals.findIndex((t) => t.name === active) + 1) % terminals.length]?.name ?? null) : null;
  const badge = badgeState(conn.state, sessionStatus, links[active]);

  return (
    <section aria-label="Terminal" className="on-dark @container relative flex h-full min-h-0 flex-col bg-term text-term-text">
      {/* One row where there is room; on a narrow pane the tools wrap below the tabs rather than squeezing them. */}
      <header className="flex min-h-11 shrink-0 flex-wrap items-center gap-x-3 gap-y-1 border-b border-term-line bg-term-raised px-3 py-1.5">
        <div className="min-w-0 max-w-full">
          <TerminalTabs
            terminals={terminals}
            active={active}
            onSelect={setActiveName}
            onAdd={slots.canAdd ? () => setActiveName(slots.add()) : undefined}
            onClose={(name) => {
              slots.close(name);
              if (name === active) setActiveName(terminals[0]?.name ?? '');
            }}
            closable={slots.closable}
          />
        </div>
        <div className="ml-auto flex shrink-0 items-center gap-2 whitespace-nowrap">
          {terminals.length > 1 ? <SplitToggle on={layout !== null} room={room} reasonId={splitReasonId} onToggle={() => setSplit((s) => !s)} /> : null}
          <ResetButton onReset={resetSession} disabled={sessionStatus.kind !== 'open'} />
          <TransportLabel transport={conn.state === 'live' ? conn.transport : null} />
          <ConnectionBadge state={badge.state} exitCode={badge.exitCode} />
          <ScreenReaderToggle on={screenReader} onChange={setScreenReader} />
        </div>
      </header>
      <IdleBanner closesAt={idleClosesAt} onStillHere={retry} />
      <div ref={areaRef} className="relative min-h-0 flex-1">
        {terminals.map((t) => (
          <div key={t.name} className={`absolute ${placeClass(layout, t.name === active ? 'first' : t.name === second ? 'second' : null)}`}>
            <TerminalView
              name={t.name}
              active={t.name === active || t.name === second}
              tabbed={terminals.length > 1}
              conn={conn}
              router={router}
              session={session}
              screenReader={screenReader}
              onStatus={onStatus}
            />
          </div>
        ))}
        <SessionProblem conn={conn} session={sessionStatus} machine={machine} onRetrySession={retry} />
        <NoticeToasts socket={conn.socket} />
      </div>
      <ExplanationPanel
        list={explanations.list}
        terminals={terminals}
        visible={second === null ? [active] : [active, second]}
        onDismiss={(e) => {
          explanations.dismiss(e);
          focusTerminal(e.terminal);
        }}
        onShowTerminal={setActiveName}
      />
    </section>
  );
}

/** Where a terminal's box sits: the whole area, or one half of the split. */
function placeClass(layout: SplitLayout | null, slot: 'first' | 'second' | null): string {
  if (!layout || !slot) return 'inset-0';
  if (layout === 'side') return slot === 'first' ? 'inset-y-0 left-0 w-1/2' : 'inset-y-0 right-0 w-1/2 border-l border-term-line';
  return slot === 'first' ? 'inset-x-0 top-0 h-1/2' : 'inset-x-0 bottom-0 h-1/2 border-t border-term-line';
}

/** Split, or why not: without room it stays focusable (aria-disabled) so the reason can be read. */
function SplitToggle({ on, room, reasonId, onToggle }: { on: boolean; room: SplitLayout | null; reasonId: string; onToggle: () => void }) {
  const title = room === null ? SPLIT_TOO_SMALL : room === 'side' ? 'Show two terminals side by side' : 'Show two terminals, one above the other';
  return (
    <>
      <button
        type="button"
        data-testid="split-toggle"
        data-room={room ?? 'none'}
        aria-pressed={on}
        aria-disabled={room === null}
        aria-describedby={room === null ? reasonId : undefined}
        title={title}
        onClick={() => room !== null && onToggle()}
        className={`rounded-md border px-2 py-1 text-xs aria-disabled:cursor-not-allowed aria-disabled:opacity-60 ${
          on ? 'border-teal-400 text-teal-200' : 'border-term-line text-term-muted hover:text-term-text'
        }`}
      >
        Split
      </button>
      {room === null ? (
        <span id={reasonId} className="sr-only">
          {SPLIT_TOO_SMALL}
        </span>
      ) : null}
    </>
  );
}

/** The badge speaks for the visible terminal: the socket's state first, then that terminal's shell. */
function badgeState(socket: ConnectionState, session: SessionStatus, link: LinkStatus | undefined): { state: ConnectionState; exitCode: number | null } {
  if (socket !== 'live') return { state: socket, exitCode: null };
  if (link?.kind === 'exited') return { state: 'ended', exitCode: link.exitCode };
  // A lab machine still starting (a VM booting) is on its way, not gone.
  if (session.kind === 'failed' && session.code === 'machine_starting') return { state: 'connecting', exitCode: null };
  if (session.kind === 'failed' || session.kind === 'ended' || link?.kind === 'failed') return { state: 'ended', exitCode: null };
  if (session.kind !== 'open' || link?.kind !== 'open') return { state: 'connecting', exitCode: null };
  return { state: 'live', exitCode: null };
}
