// TerminalPanel: the lesson's terminal pane: tabs, badge, transport, screen-reader toggle and terminals of the lab's session.
'use client';

import { useCallback, useState } from 'react';
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
import type { SessionStatus } from './use-lab-session';
import type { ConnectionState } from './use-lab-socket';
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
  const active = terminals.find((t) => t.name === activeName)?.name ?? terminals[0]?.name ?? '';
  // Side by side: the active terminal on the left, the next one on the right.
  const second = split && terminals.length > 1 ? (terminals[(terminals.findIndex((t) => t.name === active) + 1) % terminals.length]?.name ?? null) : null;
  const badge = badgeState(conn.state, sessionStatus, links[active]);

  return (
    <section aria-label="Terminal" className="on-dark relative flex h-full min-h-0 flex-col bg-term text-term-text">
      <header className="flex h-11 shrink-0 items-center gap-3 border-b border-term-line bg-term-raised px-3">
        <div className="min-w-0 flex-1">
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
        {terminals.length > 1 ? (
          <button
            type="button"
            data-testid="split-toggle"
            aria-pressed={split}
            title="Show two terminals side by side"
            onClick={() => setSplit((s) => !s)}
            className={`rounded-md border px-2 py-1 text-xs ${split ? 'border-teal-400 text-teal-200' : 'border-term-line text-term-muted hover:text-term-text'}`}
          >
            Split
          </button>
        ) : null}
        <ResetButton onReset={resetSession} disabled={sessionStatus.kind !== 'open'} />
        <TransportLabel transport={conn.state === 'live' ? conn.transport : null} />
        <ConnectionBadge state={badge.state} exitCode={badge.exitCode} />
        <ScreenReaderToggle on={screenReader} onChange={setScreenReader} />
      </header>
      <IdleBanner closesAt={idleClosesAt} onStillHere={retry} />
      <div className="relative min-h-0 flex-1">
        {terminals.map((t) => (
          <TerminalView
            key={t.name}
            name={t.name}
            active={t.name === active || t.name === second}
            placement={second === null ? 'full' : t.name === active ? 'left' : t.name === second ? 'right' : 'full'}
            tabbed={terminals.length > 1}
            conn={conn}
            router={router}
            session={session}
            screenReader={screenReader}
            onStatus={onStatus}
          />
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

/** The badge speaks for the visible terminal: the socket's state first, then that terminal's shell. */
function badgeState(
  socket: ConnectionState,
  session: SessionStatus,
  link: LinkStatus | undefined,
): { state: ConnectionState; exitCode: number | null } {
  if (socket !== 'live') return { state: socket, exitCode: null };
  if (link?.kind === 'exited') return { state: 'ended', exitCode: link.exitCode };
  // A lab machine still starting (a VM booting) is on its way, not gone.
  if (session.kind === 'failed' && session.code === 'machine_starting') return { state: 'connecting', exitCode: null };
  if (session.kind === 'failed' || session.kind === 'ended' || link?.kind === 'failed') return { state: 'ended', exitCode: null };
  if (session.kind !== 'open' || link?.kind !== 'open') return { state: 'connecting', exitCode: null };
  return { state: 'live', exitCode: null };
}
