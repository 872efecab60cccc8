// TerminalView: one live terminal of the session: the xterm canvas plus its opening/failed/ended overlays.
'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { SessionInfo } from '../../core/protocol';
import { BackToStepLink } from './back-to-step-link';
import { LeaveHint } from './leave-hint';
import type { OutputRouter } from '../../core/client/output-router';
import { FOCUS_TERMINAL_EVENT } from './skip-to-terminal';
import { panelId, tabId } from './terminal-tabs';
import { useTerminalRegistry } from './terminal-registry';
import type { LabConnection } from '../connection/use-lab-socket';
import { useTerminalLink, type LinkStatus } from './use-terminal-link';
import { useXterm } from './use-xterm';

type Props = {
  name: string;
  active: boolean;
  /** Whether the panel shows tabs (then this view is a tabpanel). */
  tabbed: boolean;
  conn: LabConnection;
  router: OutputRouter | null;
  session: SessionInfo | null;
  screenReader: boolean;
  onStatus: (name: string, status: LinkStatus) => void;
  /** Where the view sits: the whole pane, or one half of a side-by-side split. */
  placement?: 'full' | 'left' | 'right';
};

export function TerminalView({ name, active, tabbed, conn, router, session, screenReader, onStatus, placement = 'full' }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const xterm = useXterm(containerRef, name, screenReader);
  const { status, input, restart, reclaim } = useTerminalLink({ xterm, conn, router, session, name });
  const { register } = useTerminalRegistry();
  const hintId = useId();

  useEffect(() => onStatus(name, status), [name, status, onStatus]);

  useEffect(() => register(name, { input, focus: () => xterm?.term.focus() }), [register, name, input, xterm]);

  // "Skip to terminal": the terminal on show takes the focus (the left one of a split).
  const skipTarget = active && placement !== 'right';
  useEffect(() => {
    if (!skipTarget || !xterm) return;
    const focus = () => xterm.term.focus();
    window.addEventListener(FOCUS_TERMINAL_EVENT, focus);
    return () => window.removeEventListener(FOCUS_TERMINAL_EVENT, focus);
  }, [skipTarget, xterm]);

  return (
    <div
      id={tabbed ? panelId(name) : undefined}
      role={tabbed ? 'tabpanel' : undefined}
      aria-labelledby={tabbed ? tabId(name) : undefined}
      aria-hidden={!active}
      className={`group absolute inset-y-0 ${PLACEMENT[placement]} ${active ? '' : 'invisible'}`}
    >
      {/* Just before the terminal's input: Esc then Shift+Tab lands here, one Enter from the lesson. */}
      <BackToStepLink />
      {/* Padding lives outside the xterm container: the fit addon measures the container's own box. */}
      <div className="h-full w-full pt-1.5 pb-1 pl-3">
        <div ref={containerRef} data-testid="terminal" data-terminal-name={name} data-status={status.kind} className="nslab-xterm h-full w-full" />
      </div>
      <LeaveHint id={hintId} terminal={name} xterm={xterm} screenReader={screenReader} />
      <StatusOverlay status={status} onRestart={restart} onReclaim={reclaim} />
    </div>
  );
}

const PLACEMENT = { full: 'inset-x-0', left: 'left-0 w-1/2', right: 'right-0 w-1/2 border-l border-term-line' } as const;

function StatusOverlay({ status, onRestart, onReclaim }: { status: LinkStatus; onRestart: () => void; onReclaim: () => void }) {
  if (status.kind === 'detached') {
    return (
      <Overlay>
        <p className="font-medium text-term-text">This terminal is open in another tab.</p>
        <p className="mt-1 text-sm text-term-muted">{status.reason}</p>
        <OverlayButton onClick={onReclaim}>Use it here</OverlayButton>
      </Overlay>
    );
  }
  if (status.kind === 'failed') {
    return (
      <Overlay>
        <p className="font-medium text-rose-200">The terminal could not open.</p>
        <p className="mt-1 text-sm text-term-muted">{status.message}</p>
        <OverlayButton onClick={onRestart}>Try again</OverlayButton>
      </Overlay>
    );
  }
  if (status.kind === 'exited') {
    const how = status.signal ? `signal ${status.signal}` : `exit code ${status.exitCode}`;
    return (
      <Overlay bottom>
        <p className="text-sm text-term-text">The shell ended ({how}).</p>
        <OverlayButton onClick={onRestart}>Restart shell</OverlayButton>
      </Overlay>
    );
  }
  return null;
}

function Overlay({ children, bottom = false }: { children: ReactNode; bottom?: boolean }) {
  return (
    <div className={`pointer-events-none absolute inset-x-0 z-10 flex justify-center p-4 ${bottom ? 'bottom-0' : 'inset-y-0 items-center bg-term/80'}`}>
      <div role="alert" className="pointer-events-auto max-w-md rounded-lg border border-term-line bg-term-raised px-4 py-3 text-center shadow-xl">
        {children}
      </div>
    </div>
  );
}

function OverlayButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" onClick={onClick} className="mt-3 rounded-md bg-teal-500 px-3 py-1.5 text-sm font-semibold text-slate-950 hover:bg-teal-400">
      {children}
    </button>
  );
}
